from .widgets import KioskScreen


class WelcomeScreen(KioskScreen):
    def refresh(self):
        s = self.session
        self.ids.lang_en.chosen = s.language == "en"
        self.ids.lang_cy.chosen = s.language == "cy"
        self.ids.large.chosen = s.large_text
        self.ids.contrast.chosen = s.high_contrast
