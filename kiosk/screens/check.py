from kivy.utils import escape_markup

from kiosk.session import N_

from .widgets import KioskScreen

class CheckScreen(KioskScreen):
    def wipe(self):
        for wid in ("context", "reason", "suggestion", "progress"):
            self.ids[wid].text = ""

    def refresh(self):
        s = self.session
        f = s.current_finding
        if f is None:
            self.wipe()
            return
        app = self.app
        before, phrase, after = s.finding_context()
        mark = app.hex("mark_phrase")
        self.ids.context.text = (
            escape_markup(before)
            + f"[b][u][color={mark}]\u00ab{escape_markup(phrase)}\u00bb[/color][/u][/b]"
            + escape_markup(after)
        )
        self.ids.progress.text = self.t(N_("Check {number} of {total}")).format(
            number=s.finding_index + 1, total=max(s.findings_total, s.finding_index + 1))
        self.ids.reason.text = escape_markup(self.t(f.reason))
        if f.suggestion:
            self.ids.suggestion.text = self.t(N_("We suggest: {suggestion}")).format(
                suggestion="[b]\u201c" + escape_markup(self.t(f.suggestion)) + "\u201d[/b]")
            self.ids.use.text = self.t(N_("Use the suggestion"))
        else:
            self.ids.suggestion.text = self.t(N_("We suggest taking it out."))
            self.ids.use.text = self.t(N_("Take it out"))
