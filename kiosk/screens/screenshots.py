"""Regenerate a screenshot of every kiosk screen in both themes (needs a display; Xvfb is fine).

    xvfb-run -a python -m kiosk.screens.screenshots [--out docs/screenshots] [--lang en]

Runs the real app in a window of 1280 x 800 on a throwaway CAREKIOSK_HOME (a demo profile), puts
the session into each step with sample words, and saves ``<theme>-<nn>-<screen>.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SAMPLE_STORY = ("The carers are kind and the food is good. Nurse Sandra always has time for a chat with mum "
                "in room 12. The garden could be tidier.")
SAMPLE_STORY_CY = ("Mae’r gofalwyr yn garedig ac mae’r bwyd yn dda. Mae gan Nyrs Sandra amser i sgwrsio "
                   "gyda mam yn ystafell 12.")


#: a home's public conversation, as the device learns it from the event feed (for the board and the reader)
SAMPLE_REF = "4821"
SAMPLE_EVENTS = [
    {"type": "published", "story_uuid": "sample-1", "ref": SAMPLE_REF, "at": "2025-03-01T10:00:00+00:00",
     "data": {"story_id": "1001", "title": "Cold tea in the lounge", "authorRole": "relative",
              "body": "The tea in the afternoon is always cold by the time it reaches the lounge. Mum likes a hot "
                      "cup and the carers are too busy to make another.",
              "dateOfPublication": "2025-03-01T10:00:00+00:00"}},
    {"type": "response_posted", "story_uuid": "sample-1", "ref": SAMPLE_REF, "at": "2025-03-03T09:00:00+00:00",
     "data": {"response_id": "resp_1", "story_id": "1001", "body": "Thank you for telling us. From this week the "
              "tea comes round in flasks, so it is hot when it reaches everyone.", "responder_name": "Sam Jones",
              "responder_role": "Home manager", "responder_kind": "provider",
              "organisation": {"id": "org_1", "name": "Rose House Care Ltd", "kind": "provider"},
              "change": "made", "change_description": "Tea comes round in flasks", "posted_at": "2025-03-03T09:00:00+00:00"}},
    {"type": "author_update", "story_uuid": "sample-1", "ref": SAMPLE_REF, "at": "2025-03-20T15:00:00+00:00",
     "data": {"update_id": "upd_1", "story_id": "1001", "body": "The tea has been hot every afternoon since. "
              "Thank you for listening.", "posted_at": "2025-03-20T15:00:00+00:00"}},
]
#: a reply code that passes its check digit (sync.reply_code), for the update screens
SAMPLE_CODE = "381904"
SAMPLE_UPDATE = "The tea is hot now, and the carers bring it round at three."
SAMPLE_UPDATE_CY = "Mae’r te yn boeth nawr, ac mae’r gofalwyr yn dod ag ef o gwmpas am dri."


def plan(app, lang):
    """(file stem, how to get there) for each screen, in visit order."""
    s = app.session
    story = SAMPLE_STORY_CY if lang == "cy" else SAMPLE_STORY

    def welcome():
        app.is_demo, app.home_name = True, "Demo House"
        if app.sm.has_screen("welcome"):
            app.screen("welcome").hide_board()
        app.reader_mode = False
        s.reset()
        s.set_language(lang)

    def board():
        from kiosk import lobby
        from sync import outcomes

        welcome()
        outcomes.apply_events(app.store, SAMPLE_EVENTS, None)
        app.show("welcome")
        app.screen("welcome").show_board(lobby.board(app.store)[0])

    def reader():
        board(); welcome(); app.open_reader()
        for digit in SAMPLE_REF[:3]:
            app.reader_key(digit)

    def reader_larger():  # Larger text is chosen on Welcome, before the reader opens
        board(); welcome(); s.toggle_large_text(); app.open_reader()
        for digit in SAMPLE_REF[:3]:
            app.reader_key(digit)

    def welcome_with_replies():
        # as on an enrolled kiosk (the demo profile has no public stories, so no such button)
        board(); app.screen("welcome").hide_board()
        app.is_demo, app.home_name = False, "Rose House"
        app.screen("welcome").refresh()

    def reply():
        board(); app.screen("welcome").hide_board(); app.open_reader()
        for digit in SAMPLE_REF:
            app.reader_key(digit)
        app.reader_show()

    def update_code():
        reply(); app.start_update()
        for digit in SAMPLE_CODE[:4]:
            s.code_key(digit)

    def update_words():
        reply(); app.start_update()
        for digit in SAMPLE_CODE:
            s.code_key(digit)
        s.next(); s.set_text(SAMPLE_UPDATE_CY if lang == "cy" else SAMPLE_UPDATE)

    def update_send():
        update_words(); s.next()
        while s.current_finding is not None:
            s.accept()

    def update_thanks():
        update_send(); app.send_update()

    def who():
        welcome(); s.start(); s.choose_role("relative")

    def how():
        who(); s.next()

    def topic():
        how(); s.choose_way("writing"); s.toggle_topic("care"); s.toggle_topic("food")

    def story_step():
        topic(); s.next(); s.set_text(story)

    def check():
        story_step(); s.next()

    def feeling():
        check()
        while s.current_finding is not None:
            s.accept()
        s.toggle_feeling("happy"); s.toggle_feeling("grateful")

    def contact():
        feeling(); s.next(); s.set_contact("jo@example.org")

    def send():
        contact(); s.next()

    def thanks():
        send(); app.send_story()

    def idle_warning():
        story_step(); app._show_idle(12)

    def staff_pin():
        welcome(); app.ask_staff_pin()

    def staff_panel():
        welcome(); app.open_staff_panel()

    def large_text():
        who(); s.toggle_large_text()

    def error():
        welcome(); s.start(); s.next()

    def read_aloud(go):
        def on():
            go()
            if not s.read_aloud:
                s.toggle_read_aloud()
        return on

    def pictures():
        how(); s.choose_way("pictures"); s.place("happy")

    def pictures_chosen():
        pictures(); s.back()

    def phrases():
        how(); s.choose_way("pictures")
        for face in ("very_happy", "okay", "happy", "unhappy", "happy", "okay", "very_happy"):
            s.place(face)
        s.toggle_phrase("thank_staff"); s.toggle_phrase("outside")

    def review():
        phrases(); s.next()

    def larger(go):
        def both():
            go()
            if not s.large_text:
                s.toggle_large_text()
        return both

    return [("01-welcome", welcome), ("02-who", who), ("03-topic", topic), ("04-story", story_step),
            ("05-check", check), ("06-feeling", feeling), ("07-contact", contact), ("08-send", send),
            ("09-thanks", thanks), ("10-still-there", idle_warning), ("11-who-larger-text", large_text),
            ("12-who-error", error), ("13-staff-pin", staff_pin), ("14-staff-panel", staff_panel),
            ("15-story-larger-text", larger(story_step)), ("16-welcome-larger-text", larger(welcome)),
            ("17-contact-larger-text", larger(contact)), ("18-how", how), ("19-pictures", read_aloud(pictures)),
            ("20-pictures-chosen", pictures_chosen), ("21-phrases", phrases), ("22-review", read_aloud(review)),
            ("23-welcome-read-aloud", read_aloud(welcome)), ("24-who-read-aloud", read_aloud(who)),
            ("25-story-read-aloud", read_aloud(story_step)), ("26-pictures-larger-text", larger(read_aloud(pictures))),
            ("27-review-larger-text", larger(review)), ("28-send-read-aloud", read_aloud(send)),
            ("29-thanks-read-aloud", read_aloud(thanks)), ("30-you-said-we-did", board), ("31-reader", reader),
            ("32-reply", reply), ("33-reply-larger-text", larger(reply)),
            ("34-welcome-with-replies", welcome_with_replies), ("35-update-code", update_code),
            ("36-update", update_words), ("37-update-send", update_send), ("38-update-thanks", update_thanks),
            ("39-update-larger-text", larger(update_words)), ("40-thanks-larger-text", larger(thanks)),
            ("41-update-code-larger-text", larger(update_code)), ("42-reader-larger-text", reader_larger)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.screens.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNG files")
    parser.add_argument("--lang", default="en", choices=["en", "cy"])
    parser.add_argument("--themes", default="default,high-contrast")
    parser.add_argument("--only", default="", help="comma-separated stems to shoot (default: all)")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("No display: run under `xvfb-run -a python -m kiosk.screens.screenshots`.", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="carekiosk-shots-")
    os.environ["CAREKIOSK_HOME"] = home
    os.environ.setdefault("KIVY_HOME", os.path.join(home, "kivy"))
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

    from kiosk.app import configure_kivy

    configure_kivy(windowed=True)
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.app import CareKioskApp

    from kiosk.speech.silent import SilentSpeech

    # Silent: a screenshot run shows the read-aloud controls without saying anything.
    app = CareKioskApp(windowed=True, idle_timeout=3600, thanks_seconds=3600,
                       speech=SilentSpeech("Read aloud is turned off in the settings."))
    themes = args.themes.split(",")
    only = set(filter(None, args.only.split(",")))
    written: list[Path] = []

    def shots():
        for theme_name in themes:
            for stem, go in plan(app, args.lang):
                if only and stem not in only:
                    continue
                app.idle_paused = True
                app._hide_idle()
                app.staff_mode = False
                go()
                high = theme_name == "high-contrast"
                app.session.high_contrast = high
                app.high_contrast = high
                app.sm.current_screen.refresh()
                yield 0.5
                suffix = "" if args.lang == "en" else f"-{args.lang}"
                target = out / f"{theme_name}-{stem}{suffix}.png"
                target.unlink(missing_ok=True)
                shot = Window.screenshot(name=str(target))
                Path(shot).replace(target)
                written.append(target)
                yield 0.1
        app._hide_idle()

    script = shots()

    def step(_dt):
        try:
            delay = next(script)
        except StopIteration:
            app.stop()
            return
        Clock.schedule_once(step, delay)

    app.bind(on_start=lambda *_: Clock.schedule_once(step, 0.5))
    app.run()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
