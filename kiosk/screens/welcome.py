from .widgets import KioskScreen, PrimaryButton


class StartButton(PrimaryButton):
    """"Touch here to start": the way in, drawn so that it is plainly a button."""


class WelcomeScreen(KioskScreen):
    def refresh(self):
        s = self.session
        self.ids.lang_en.chosen = s.language == "en"
        self.ids.lang_cy.chosen = s.language == "cy"
        self.ids.large.chosen = s.large_text
        self.ids.contrast.chosen = s.high_contrast
        self.ids.read_aloud.chosen = s.read_aloud
