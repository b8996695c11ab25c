import threading

from kivy.clock import Clock

from kiosk.session import N_
from sync.errors import UserError

from .widgets import KioskScreen


class StaffPanelScreen(KioskScreen):
    def on_pre_enter(self, *args):
        self.ids.sync.opacity = 1 if self.app.services.can_sync else 0
        self.ids.sync.disabled = not self.app.services.can_sync
        self.ids.leaflet.opacity = 1 if self.app.services.can_print else 0
        self.ids.leaflet.disabled = not self.app.services.can_print
        self.ids.message.text = ""
        self.refresh()

    def refresh(self):
        status = self.app.store.status()
        lines = [
            self.t(N_("Home: {name}")).format(name=status["home_name"])
            + ("  (" + self.t(N_("demo profile")) + ")" if status["profile"] == "demo" else ""),
            self.t(N_("Stories waiting to be sent: {count}")).format(count=status["pending"]),
            self.t(N_("Stories sent: {count}")).format(count=status["acknowledged"]),
            self.t(N_("Last sync: {when}")).format(when=status["last_sync"] or self.t(N_("never"))),
            self.speech_status(),
        ]
        self.ids.status.text = "\n".join(lines)

    def speech_status(self) -> str:
        """Which voice reads aloud, or why the kiosk is silent (the silent fallback says why)."""
        msgid, args = self.app.speech.status()
        return self.t(msgid).format(**{k: self.t(v) for k, v in args.items()})

    def _in_background(self, job, busy_msg):
        self.ids.message.text = self.t(busy_msg)

        def work():
            try:
                message = job()
            except UserError as exc:  # one sentence meant for people (e.g. another sync is running)
                message = str(exc)
            except Exception as exc:  # never crashes the kiosk; the type only, as messages may hold details
                message = f"Something went wrong ({type(exc).__name__})."
            Clock.schedule_once(lambda _dt: self._done(message), 0)

        threading.Thread(target=work, daemon=True).start()

    def _done(self, message):
        self.ids.message.text = message
        self.refresh()

    def sync_now(self):
        self._in_background(self.app.services.sync_now, N_("Syncing…"))

    def print_leaflet(self):
        self._in_background(lambda: self.app.services.print_leaflet(self.app.lang), N_("Printing…"))
