"""Text messages to managers and field staff: one small sender interface, Twilio and GOV.UK Notify."""
