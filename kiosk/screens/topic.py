from kiosk import choices

from .choices import ChoiceScreen


class TopicScreen(ChoiceScreen):
    choices = choices.TOPICS  # labels from sync.story.TOPIC_LABELS

    def chosen_values(self):
        return self.session.draft.topics

    def choose(self, value):
        self.session.toggle_topic(value)
