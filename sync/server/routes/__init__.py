"""The HTTP API, one ``APIRouter`` per resource; ``app.create_app`` includes them all. Handlers
take what they need from ``deps``, call ``queries`` (reads) or ``domain`` (rules and writes), and
hold no SQL. The contract they implement is docs/api.md; docs/openapi.json is generated from them.
"""

from . import author_updates, devices, enrol, health, held_replies, homes, moderation, organisation, provider, public, sms, stories

ROUTERS = [health.router, enrol.router, stories.router, devices.router, homes.router, moderation.router,
           organisation.router, provider.router, public.router, public.homes_router, sms.router,
           held_replies.router, author_updates.router]
