"""Drive the real kiosk app in this process with simulated taps and key presses.

Usage: python tests/kiosk/gui_driver.py SCENARIO RESULT.json   (needs DISPLAY; CAREKIOSK_HOME set)

Kivy runs one App per process, so each GUI test starts this script in a child process. A scenario
is a generator: it taps widgets (touch events through Kivy's input pipeline, at the widget's place
on the window), types (the window's text-input and key events, and taps on the on-screen keys),
and yields how long to wait. Everything observed goes into the JSON result for the test to check.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.app import configure_kivy  # noqa: E402

configure_kivy(windowed=True)

from kivy.app import App  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402

from kiosk.app import CareKioskApp  # noqa: E402

RESULT: dict = {"ok": False, "steps": [], "errors": []}
TARGETS: dict[str, list[float]] = {}  # screen -> each visitor button's smaller side, mm (layout scenario)


class Failed(AssertionError):
    pass


class Until:
    """Yielded by a scenario: carry on once ``condition()`` holds, checking every frame, or after
    ``timeout`` seconds (the next ``check`` then reports what did not happen). A screen that is built
    on its first visit can take well over the usual 0.4 s on a loaded machine."""

    def __init__(self, condition, timeout: float = 10.0):
        self.condition, self.deadline = condition, time.monotonic() + timeout

    def done(self) -> bool:
        return bool(self.condition()) or time.monotonic() > self.deadline


def on_screen(name: str) -> Until:
    app = CareKioskApp.get_running_app()
    return Until(lambda: app.sm.current == name)


def check(condition, message):
    if not condition:
        raise Failed(message)


class Driver:
    def __init__(self, app: CareKioskApp):
        self.app = app

    # -- finding widgets ---------------------------------------------------------------------
    @property
    def screen(self):
        return self.app.sm.current_screen

    def w(self, wid, screen=None):
        scr = self.app.sm.get_screen(screen) if screen else self.screen
        return scr.ids[wid]

    def nav(self, which):
        from kiosk.screens.widgets import NavBar

        for child in self.screen.walk(restrict=True):
            if isinstance(child, NavBar):
                return child.ids[which]
        raise Failed(f"no navigation bar on {self.screen.name}")

    def key(self, char):
        keyboard = self.app.keyboard
        check(keyboard.parent is not None and keyboard.get_root_window() is not None
              and any(w is keyboard for w in self.screen.walk(restrict=True)),
              f"the keyboard is on this screen ({self.screen.name}; docked in {keyboard.parent!r}, "
              f"window {keyboard.get_root_window()!r})")
        for line in keyboard.children:
            for button in line.children:
                if button.key == char:
                    return button
        raise Failed(f"no key {char!r} on the {keyboard.layout} keyboard")

    # -- input -------------------------------------------------------------------------------
    def tap(self, widget, hold: float = 0.0):
        """A finger down at the widget's centre, then up (optionally after holding)."""
        check(widget.get_root_window() is not None, f"{widget} is not on the screen")
        check(widget.opacity > 0 and not widget.disabled, f"{widget} is hidden or disabled")
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        if hold:
            return touch
        touch.touch_up()
        return None

    def textinput(self, text):
        Window.dispatch("on_textinput", text)

    def keypress(self, key, codepoint=None):
        Window.dispatch("on_key_down", key, 0, codepoint, [])
        handled = Window.dispatch("on_keyboard", key, 0, codepoint, [])
        Window.dispatch("on_key_up", key, 0)
        return handled

    def log(self, what):
        RESULT["steps"].append([round(time.monotonic(), 3), self.app.sm.current, what])


# -- scenarios -------------------------------------------------------------------------------------
def to_story(d: Driver, role="relative"):
    app = d.app
    check(app.sm.current == "welcome", f"starts at {app.sm.current}")
    d.tap(d.w("start")); yield on_screen("who")
    check(app.sm.current == "who", "Tell us about your care opens Who are you?")
    d.tap(d.nav("next")); yield 0.2
    check(d.w("error").text, "Next without an answer explains what to do")
    check(app.sm.current == "who", "cannot go on without an answer")
    d.tap(d.screen.button(role)); yield 0.1
    check(d.screen.button(role).chosen, "the tapped answer shows as chosen")
    d.tap(d.nav("next")); yield on_screen("how")
    check(app.sm.current == "how", "Next asks how to tell it")
    d.tap(d.screen.button("writing")); yield on_screen("topic")
    check(app.sm.current == "topic", "Write it down goes to the topic")
    d.tap(d.screen.button("staff")); yield 0.1
    d.tap(d.nav("next")); yield on_screen("story")
    check(app.sm.current == "story", "then the story")


def type_story(d: Driver, rest: str):
    # The first word on the big on-screen keys (shift for a capital), the rest as key presses.
    for ch in ["shift", "o", "u", "r", "space"]:
        d.tap(d.key(ch)); yield 0.05
    d.textinput(rest); yield 0.1
    d.keypress(8)  # a backspace key press from a hardware keyboard
    yield 0.1
    d.textinput(rest[-1]); yield 0.2


def scenario_visit(d: Driver):
    app = d.app
    yield from to_story(d)
    rest = "nurse Sandra was kind to my mum in room 12 every day."
    yield from type_story(d, rest)
    typed = d.w("story").text
    RESULT["typed"] = typed
    check(typed == "Our " + rest, f"typed text arrived: {typed!r}")
    check(app.session.draft.title.startswith("Our nurse"), "a title is suggested")
    d.tap(d.nav("next")); yield on_screen("check")
    check(app.sm.current == "check", f"personal details are checked (at {app.sm.current})")
    kept = 0
    while app.sm.current == "check":
        finding = app.session.current_finding
        text = app.session.draft.text
        if "accepted" not in RESULT and finding.suggestion:
            # Accept the first finding that has a replacement; keep the others as written.
            RESULT["accepted"] = {"phrase": text[finding.start:finding.end], "suggestion": finding.suggestion,
                                  "reason": finding.reason, "shown_reason": d.w("reason").text,
                                  "shown_suggestion": d.w("suggestion").text}
            RESULT["context"] = d.w("context").text
            d.tap(d.w("use")); yield 0.2
            RESULT["text_after_accept"] = app.session.draft.text
        else:
            d.tap(d.w("keep")); kept += 1; yield 0.2
    check("accepted" in RESULT, "a suggestion was offered and accepted")
    RESULT["kept"] = kept
    check(app.sm.current == "feeling", "then how it felt")
    d.tap(d.screen.button("grateful")); yield 0.1
    d.tap(d.nav("next")); yield on_screen("contact")
    check(app.sm.current == "contact", "then stay in touch")
    RESULT["contact_ref_text"] = d.w("ref").text
    d.tap(d.w("no_thanks")); yield on_screen("send")
    check(app.sm.current == "send", "No thanks goes to Send")
    d.tap(d.w("send")); yield on_screen("thanks")
    check(app.sm.current == "thanks", f"Send shows Thank you (at {app.sm.current})")
    RESULT["thanks_ref"] = d.w("ref").text
    RESULT["thanks_code"] = d.w("code").text
    RESULT["sent_ref"] = app.session.sent_ref
    RESULT["draft_at_thanks"] = app.session.has_draft
    RESULT["send_seconds"] = app.last_send_seconds
    yield app.thanks_seconds + 0.8
    check(app.sm.current == "welcome", "Thank you returns to Welcome by itself")
    finish_state(d)


def finish_state(d: Driver):
    app = d.app
    RESULT["final_screen"] = app.sm.current
    RESULT["has_draft"] = app.session.has_draft
    RESULT["screens_built"] = sorted(app.sm.screen_names)

    def text(screen, wid):  # screens are built on first visit; one never built holds no words
        return app.sm.get_screen(screen).ids[wid].text if app.sm.has_screen(screen) else ""

    RESULT["widget_texts"] = {
        "story": text("story", "story"),
        "title": text("story", "title"),
        "contact": text("contact", "contact"),
        "check": text("check", "context"),
        "thanks": text("thanks", "ref"),
        "thanks_code": text("thanks", "code"),
        "update": text("update", "words"),
        "update_code": text("update_code", "digits"),
    }


def scenario_idle(d: Driver):
    app = d.app
    yield from to_story(d)
    d.textinput("Lunch was cold again"); yield 0.1
    check(app.session.has_draft, "a draft exists")
    # idle_timeout 1.5 s, but 2.5 s while typing; countdown 2 s.
    yield 1.9
    check(app._idle_view is None or app._idle_view.parent is None, "no warning before the typing minimum")
    yield 1.0
    check(app._idle_view is not None and app._idle_view.parent is not None, "Are you still there? shows")
    RESULT["warning_text_seconds"] = app._idle_view.seconds
    d.tap(app._idle_view.ids.still_here); yield 0.4
    check(app._idle_view.parent is None, "a tap keeps the story")
    check(app.sm.current == "story" and app.session.draft.text == "Lunch was cold again", "draft kept")
    RESULT["kept_after_tap"] = True
    yield 2.8
    check(app._idle_view.parent is not None, "warning again")
    yield 2.5
    check(app.sm.current == "welcome", f"idle returns to Welcome (at {app.sm.current})")
    check(app._idle_view.parent is None, "warning gone")
    # Welcome with display choices changed by the last person: reset quietly when idle.
    d.tap(app.sm.current_screen.ids.large); yield 0.2
    check(app.session.large_text and app.large_text, "larger text on")
    RESULT["large_body_px"] = app.fs["body"]
    yield 2.0
    check(not app.session.large_text, "larger text goes back to normal for the next person")
    finish_state(d)


def scenario_staff(d: Driver):
    app = d.app
    # Kiosk mode: Escape, Android Back, F1 and closing the window do nothing.
    RESULT["escape_swallowed"] = bool(d.keypress(27))
    RESULT["f1_swallowed"] = bool(d.keypress(282))
    RESULT["close_refused"] = bool(Window.dispatch("on_request_close"))
    yield 0.3
    check(app.sm.current == "welcome", "still running at Welcome")
    # A short press on the corner does nothing.
    touch = d.tap(app.staff_corner, hold=True); yield 0.5
    touch.touch_up(); yield 3.0
    check(app.sm.current == "welcome", "a short press does not open the staff screen")
    touch = d.tap(app.staff_corner, hold=True); yield app.hold_seconds + 0.4
    touch.touch_up(); yield 0.1
    check(app.sm.current == "staff_pin", f"press and hold opens the PIN screen (at {app.sm.current})")
    pin_screen = d.screen

    def enter(pin):
        for digit in pin:
            button = next(b for b in pin_screen.ids.pad.children if b.text == digit)
            d.tap(button)
        d.tap(pin_screen.ids.ok)

    enter("1234"); yield 0.3
    RESULT["demo_pin_refused"] = app.sm.current == "staff_pin"
    RESULT["wrong_message"] = pin_screen.ids.error.text
    enter("2468"); yield on_screen("staff_panel")
    check(app.sm.current == "staff_panel", f"the right PIN opens the staff panel (at {app.sm.current})")
    RESULT["panel_status"] = d.w("status").text
    RESULT["sync_visible"] = d.w("sync").opacity > 0
    RESULT["leaflet_visible"] = d.w("leaflet").opacity > 0
    d.tap(d.w("back_to_kiosk")); yield on_screen("welcome")
    check(app.sm.current == "welcome", "back to the kiosk")
    touch = d.tap(app.staff_corner, hold=True); yield app.hold_seconds + 0.4
    touch.touch_up(); yield 0.1
    for _ in range(3):
        enter("0000"); yield 0.3
    RESULT["locked_message"] = pin_screen.ids.error.text
    enter("2468"); yield 0.3
    RESULT["right_pin_refused_while_locked"] = app.sm.current == "staff_pin"
    real_clock = app.pin_guard.clock
    app.pin_guard.clock = lambda: real_clock() + 31  # half a minute later
    enter("2468"); yield on_screen("staff_panel")
    check(app.sm.current == "staff_panel", "after the wait the right PIN works")
    finish_state(d)
    RESULT["ok"] = True
    d.tap(d.w("exit")); yield 0.5
    RESULT["errors"].append("Exit did not stop the app")


# -- layout: nothing overflows, nothing touches, keys and buttons big enough ------------------------
def _visible(widget, root) -> bool:
    w = widget
    while w is not None:
        if w.opacity <= 0:
            return False
        if w is root:
            break
        w = w.parent
    return widget.width > 0 and widget.height > 0


def _rect(widget):
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def layout_problems(root, tag: str) -> list[str]:
    """What is wrong with the layout of ``root`` (a screen or the idle pop-up) as drawn now."""
    from kivy.metrics import dp, mm
    from kivy.uix.button import Button
    from kivy.uix.label import Label
    from kivy.uix.textinput import TextInput

    from kiosk.screens.keyboard import KeyButton
    from kiosk.screens.widgets import NavBar

    app = App.get_running_app()
    width, height = Window.size
    problems = []
    targets = [w for w in root.walk(restrict=True) if isinstance(w, (Label, TextInput)) and _visible(w, root)]
    for w in targets:
        x0, y0, x1, y1 = _rect(w)
        name = f"{tag}: {type(w).__name__} {getattr(w, 'text', '')[:30]!r}"
        if x0 < -1 or y0 < -1 or x1 > width + 1 or y1 > height + 1:
            problems.append(f"{name} is outside the window ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f})")
        if isinstance(w, Label) and w.text.strip():
            tw, th = w.texture_size
            if tw > w.width + 1 or th > w.height + 1:
                problems.append(f"{name}: its words ({tw:.0f}x{th:.0f}) do not fit ({w.width:.0f}x{w.height:.0f})")
    buttons = [w for w in targets if isinstance(w, (Button, TextInput))]
    keys = [b for b in buttons if isinstance(b, KeyButton)]
    staff = getattr(root, "name", "") in ("staff_pin", "staff_panel")
    for b in buttons:
        if not isinstance(b, Button):
            continue
        # Keys at least 12 mm; every button a visitor taps at least 16 mm (targets on choice screens:
        # errors climb at 10 mm and below); the staff screens at least 12.
        least_mm = 12 if isinstance(b, KeyButton) or staff else 16
        if b.height < mm(least_mm) - 0.5:
            problems.append(f"{tag}: button {b.text[:30]!r} is {b.height / mm(1):.1f} mm tall (at least {least_mm})")
        if not isinstance(b, KeyButton) and not staff:
            TARGETS.setdefault(getattr(root, "name", "idle"), []).append(round(min(b.height, b.width) / mm(1), 1))
    least = dp(6) - 0.5
    for i, a in enumerate(buttons):
        ax0, ay0, ax1, ay1 = _rect(a)
        for b in buttons[i + 1:]:
            bx0, by0, bx1, by1 = _rect(b)
            gap = max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1)
            if gap < least:
                problems.append(f"{tag}: {a.text[:20]!r} and {b.text[:20]!r} are {gap:.1f} px apart (at least {least:.1f})")
    if keys:
        nav = [b for w in root.walk(restrict=True) if isinstance(w, NavBar) for b in w.children if _visible(b, root)]
        lowest_key = min(_rect(k)[1] for k in keys)
        if nav:
            above_nav = lowest_key - max(_rect(b)[3] for b in nav)
            if above_nav < 2 * app.key_gap - 0.5:
                problems.append(f"{tag}: the keyboard is {above_nav:.1f} px above Back / Next (want {2 * app.key_gap:.1f})")
    return problems


def scenario_demo(d: Driver):
    """The demo profile is labelled on Welcome, in both languages, and on the staff panel."""
    app = d.app
    s = app.session
    welcome = app.screen("welcome")
    note = welcome.ids.demo_note
    check(_visible(note, welcome) and "Demo" in note.text, f"the demo note shows on Welcome: {note.text!r}")
    RESULT["demo_note_en"] = note.text
    s.set_language("cy"); yield 0.2
    RESULT["demo_note_cy"] = note.text
    s.set_language("en"); yield 0.1
    app.open_staff_panel(); yield 0.3
    panel = app.sm.current_screen
    RESULT["demo_note_staff"] = panel.ids.demo_note.text if _visible(panel.ids.demo_note, panel) else ""
    app.leave_staff(); yield 0.1


def scenario_layout(d: Driver):
    """Every screen, in English and Welsh, at both text sizes: nothing overflows, nothing touches."""
    from kivy.metrics import mm

    from kiosk.screens.screenshots import plan

    app = d.app
    s = app.session
    problems, checked = [], []
    app.idle_paused = True
    for lang in ("en", "cy"):
        for large in (False, True):
            for stem, go in plan(app, lang):
                app._hide_idle()
                app.staff_mode = False
                go()
                if large and not s.large_text:
                    s.toggle_large_text()
                yield 0.3
                tag = f"{stem} {lang}{' larger' if s.large_text else ''}"
                # A change of text size re-lays the screen out over a few frames (an input's
                # minimum_height follows its font on the next frame); on a loaded machine 0.3 s can
                # be too few frames. Only a layout that stays wrong for 1.5 s more is a problem.
                for _settle in range(6):
                    roots = [app.sm.current_screen]
                    if app._idle_view is not None and app._idle_view.parent is not None:
                        roots = [app._idle_view]
                    found = [p for root in roots for p in layout_problems(root, tag)]
                    if not found:
                        break
                    yield 0.25
                problems.extend(found)
                checked.append(tag)
    app._hide_idle()
    RESULT["layout_checked"] = checked
    RESULT["layout_problems"] = problems
    s.reset(); yield 0.2
    RESULT["key_h_mm"] = app.key_h / mm(1)
    RESULT["smallest_target_mm"] = {screen: min(sizes) for screen, sizes in TARGETS.items()}
    finish_state(d)


def scenario_enrolled(d: Driver):
    """An enrolled kiosk shows its home's name, and no demo note."""
    app = d.app
    welcome = app.screen("welcome")
    RESULT["is_demo"] = app.is_demo
    RESULT["home_name_shown"] = welcome.ids.home_name.text if _visible(welcome.ids.home_name, welcome) else ""
    RESULT["demo_note_visible"] = _visible(welcome.ids.demo_note, welcome) or bool(welcome.ids.demo_note.text)
    app.open_staff_panel(); yield 0.3
    note = app.sm.current_screen.ids.demo_note
    RESULT["staff_demo_note_visible"] = _visible(note, app.sm.current_screen) or bool(note.text)
    app.leave_staff(); yield 0.1
    finish_state(d)



SECRET = "Marjorie shouted about the zebra biscuits"


def spy_on_speech(app):
    """Keep what the kiosk asks its speech engine to say (the engine still says it)."""
    said = RESULT.setdefault("said", [])
    real_say, real_stop = app.speech.say, app.speech.stop

    def say(utterance):
        said.append([round(time.monotonic(), 3), app.sm.current, " ".join(text for _lang, text in utterance)])
        real_say(utterance)

    def stop():
        RESULT["stops"] = RESULT.get("stops", 0) + 1
        real_stop()

    app.speech.say, app.speech.stop = say, stop
    RESULT["engine"] = app.speech.name
    return said


def scenario_speech(d: Driver):
    """Read aloud on a written visit: each new screen is said and stops the sentence before it;
    the story is said only by Read my story back; after the idle reset nothing is said."""
    app = d.app
    said = spy_on_speech(app)
    moves = RESULT.setdefault("speaking_at_move", [])

    def move(widget, expect):
        moves.append([app.sm.current, app.speech.speaking])
        before = len(said)
        d.tap(widget)
        yield 0.9
        check(app.sm.current == expect, f"went to {expect} (at {app.sm.current})")
        check(len(said) > before and said[-1][2] != said[before - 1][2], f"{expect} says something new")

    d.tap(d.w("read_aloud")); yield 1.2
    check(app.session.read_aloud and app.read_aloud, "Read aloud is on")
    check(said and said[0][1] == "welcome", "Welcome is said")
    yield from move(d.w("start"), "who")
    check(d.nav("speak").opacity > 0, "the speaker button shows once Read aloud is chosen")
    d.tap(d.screen.button("resident")); yield 0.9
    RESULT["confirmation"] = said[-1][2]
    yield from move(d.nav("next"), "how")
    yield from move(d.screen.button("writing"), "topic")
    yield from move(d.nav("next"), "story")
    d.textinput(SECRET); yield 0.5
    RESULT["before_read_back"] = [s[2] for s in said]
    d.tap(d.w("read_back")); yield 1.5
    RESULT["read_back"] = said[-1][2]
    check(app.speech.speaking, "the story is being read back")
    moves.append([app.sm.current, app.speech.speaking])
    d.tap(d.nav("next")); yield 0.9
    while app.sm.current == "check":
        d.tap(d.w("keep")); yield on_screen("feeling")
    check(app.sm.current == "feeling", f"then how it felt (at {app.sm.current})")
    d.tap(d.nav("speak")); yield 0.5
    RESULT["repeated"] = said[-1][2] == said[-2][2]
    # Now leave it alone: "Are you still there?" is said, then the reset, then silence.
    def warning_shown():
        return app._idle_view is not None and app._idle_view.parent is not None

    yield Until(warning_shown, timeout=app.idle_timer.timeout + 10)
    check(warning_shown(), "the idle warning shows")
    RESULT["idle_said"] = said[-1][2]
    yield Until(lambda: app.sm.current == "welcome", timeout=app.idle_timer.countdown + 10)
    check(app.sm.current == "welcome" and not app.session.read_aloud, "reset to Welcome, Read aloud off")
    reset_at = time.monotonic()
    RESULT["speaking_after_reset"] = app.speech.speaking
    yield 2.0
    RESULT["said_after_reset"] = [s for s in said if s[0] >= reset_at - 0.3]
    RESULT["speaking_later"] = app.speech.speaking
    RESULT["narrator_log"] = [[what, screen, n] for _t, what, screen, n in app.narrator.log]
    finish_state(d)


def scenario_pictures(d: Driver):
    """A whole visit told with pictures, by taps, in Welsh, ending in a sealed story."""
    app = d.app
    check(app.sm.current == "welcome", "starts at Welcome")
    yield 0.5  # Welcome laid out
    d.tap(d.w("lang_cy")); yield 0.3
    check(app.session.language == "cy", "Cymraeg chosen")
    d.tap(d.w("start")); yield 0.4
    d.tap(d.screen.button("resident")); yield 0.3
    d.tap(d.nav("next")); yield on_screen("how")
    check(app.sm.current == "how", "asks how to tell it")
    d.tap(d.screen.button("pictures")); yield on_screen("pictures")
    check(app.sm.current == "pictures", f"Pictures shows the tiles (at {app.sm.current})")
    seen = []
    plan = {"food": "very_happy", "care": "unhappy", "staff": "happy", "activities": None, "visiting": "okay",
            "building": "very_unhappy", "other": None}
    back_done = False
    while app.sm.current == "pictures":
        topic = app.session.current_tile
        seen.append([topic, d.w("tile_label").text])
        face = plan[topic]
        if topic == "staff" and not back_done:
            back_done = True
            d.tap(d.nav("back")); yield 0.4  # one tile back: care again, its face shown as chosen
            check(app.session.current_tile == "care" and d.screen.button("unhappy").chosen, "Back shows care placed")
            d.tap(d.screen.button("unhappy")); yield 0.4
            continue
        if face is None:
            d.tap(d.nav("next")); yield 0.4  # Skip
        else:
            d.tap(d.screen.button(face)); yield 0.4
    RESULT["tiles_seen"] = seen
    check(app.sm.current == "phrases", f"then Anything else? (at {app.sm.current})")
    d.tap(d.screen.button("outside")); yield 0.3
    d.tap(d.screen.button("talk")); yield 0.3
    d.tap(d.nav("next")); yield on_screen("review")
    check(app.sm.current == "review", "then the review")
    RESULT["review_rows"] = [b.text for b in reversed(d.w("rows").children)]
    RESULT["review_phrases"] = d.w("phrases").text
    RESULT["sentences"] = app.session.picture_sentences()
    d.tap(d.nav("next")); yield on_screen("contact")
    check(app.sm.current == "contact", "then stay in touch")
    d.tap(d.w("no_thanks")); yield 0.4
    d.tap(d.w("send")); yield on_screen("thanks")
    check(app.sm.current == "thanks", f"sent (at {app.sm.current})")
    RESULT["sent_ref"] = app.session.sent_ref
    yield app.thanks_seconds + 0.8
    finish_state(d)


def scenario_steady(d: Driver):
    """Steadier touch with the kiosk's own settings: repeats on one button and taps just after a
    screen appears are ignored; a deliberate second tap later counts."""
    from kiosk.screens.widgets import SteadyTouch

    app = d.app
    ignored = SteadyTouch.ignored
    from kivy.tests.common import UnitTestTouch

    def tap_at(x, y):  # a finger where a button was, whatever is there now
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()

    yield 0.5  # Welcome laid out
    start = d.w("start")
    x, y = start.to_window(*start.center)
    tap_at(x, y)
    tap_at(x, y)  # the second half of a double tap, on Who are you? now
    yield 0.6
    check(app.sm.current == "who", "a double tap on the way in opens Who are you?")
    RESULT["choices_after_double_start"] = [b.value for b in d.screen.ids.choices.children if b.chosen]
    d.tap(d.screen.button("visitor"))
    d.tap(d.screen.button("visitor"))  # tremor: the finger comes down again at once
    yield 0.2
    RESULT["chosen_after_double_tap"] = d.screen.button("visitor").chosen
    nx, ny = d.nav("next").to_window(*d.nav("next").center)
    tap_at(nx, ny)
    tap_at(nx, ny)  # the second half of a double tap lands on How's screen
    yield 0.6
    RESULT["after_double_next"] = app.sm.current
    d.tap(d.screen.button("writing")); yield on_screen("topic")
    check(app.sm.current == "topic", f"Write it down (at {app.sm.current})")
    yield 0.5  # past the settle time: the taps below are deliberate ones
    food = d.screen.button("food")
    d.tap(food); yield 0.8
    d.tap(food); yield 0.3  # a deliberate second tap, later: it counts
    RESULT["food_after_two_slow_taps"] = food.chosen
    RESULT["ignored"] = SteadyTouch.ignored - ignored
    RESULT["repeat_ignore"] = SteadyTouch.repeat_ignore
    RESULT["settle"] = app.settle_seconds
    # Press feedback: the colours invert on the touch itself, before the finger lifts.
    yield 0.8  # past the repeat time (0.6 s), or this press would be ignored as the tremor's repeat

    x, y = food.to_window(*food.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    RESULT["pressed_state"] = food.state
    touch.touch_up(); yield 0.3
    finish_state(d)


def _texts(widget) -> list[str]:
    from kivy.uix.label import Label

    return [w.text for w in widget.walk(restrict=True) if isinstance(w, Label) and w.text and w.opacity > 0]


def scenario_board(d: Driver):
    """An idle Welcome turns into the "you said, we did" board: one answered story at a time, each
    for a few seconds, nothing said aloud even with Read aloud left on; a touch starts a visit."""
    app = d.app
    said = spy_on_speech(app)
    welcome = app.screen("welcome")
    check(welcome.board_story is None, "no board while someone may be there")
    d.tap(d.w("read_aloud")); yield 0.6  # the last visitor left Read aloud on
    RESULT["said_before_board"] = len(said)
    shown, deadline = [], time.monotonic() + 12
    while time.monotonic() < deadline and len(set(shown)) < 2:
        story = welcome.board_story
        if story is not None and (not shown or shown[-1] != story.ref):
            shown.append(story.ref)
            RESULT.setdefault("board_texts", []).append(_texts(welcome._board))
        yield 0.1
    RESULT["board_refs"] = shown
    RESULT["said_after_board"] = [s for s in said[RESULT["said_before_board"]:]]
    RESULT["events"] = [e for _t, e in app.events if e.startswith("board")]
    check(welcome.board_story is not None, "the board is showing")
    d.tap(welcome._board.ids.start); yield 0.4
    check(app.sm.current == "who", f"a touch on the board starts a visit (at {app.sm.current})")
    check(welcome.board_story is None, "the board has gone")
    RESULT["after_touch"] = app.sm.current
    app.session.reset(); yield 0.3
    finish_state(d)


def scenario_reader(d: Driver):
    """"Read the reply to my story": a wrong number says so; the right one shows the story, every
    voice and the change, large; Done goes back to Welcome and forgets it."""
    app = d.app
    ref = os.environ["LOOP_REF"]
    d.tap(d.w("read_reply")); yield 0.3
    check(app.sm.current == "reader", f"the reader opens (at {app.sm.current})")

    def type_digits(digits):
        last = None
        for ch in digits:
            if ch == last:  # the same key again: a person's second press, not a tremor's bounce
                yield 0.45
            key = next(w for w in app.screen("reader").walk(restrict=True)
                       if getattr(w, "text", None) == ch and w.__class__.__name__ == "PadKey")
            d.tap(key)
            yield 0.15
            last = ch

    yield from type_digits("9999")
    d.tap(d.w("show")); yield 0.3
    RESULT["unknown_message"] = d.w("message").text
    check(app.sm.current == "reader", "an unknown number stays on the reader")
    for _ in range(4):
        d.tap(d.w("pad").ids.rub_out); yield 0.7
    check(d.w("digits").text == "_ _ _ _", f"rubbed out: {d.w('digits').text!r}")
    yield from type_digits(ref)
    RESULT["typed"] = d.w("digits").text
    d.tap(d.w("show")); yield 0.4
    check(app.sm.current == "reply", f"the story shows (at {app.sm.current})")
    RESULT["reply_texts"] = _texts(app.screen("reply"))
    RESULT["reply_heading_size"] = app.screen("reply").ids.heading.font_size
    d.tap(d.w("done")); yield 0.3
    check(app.sm.current == "welcome", "Done goes back to Welcome")
    RESULT["reply_after_done"] = _texts(app.screen("reply").ids.voices)
    finish_state(d)


def scenario_update(d: Driver):
    """The author adds to their published story: the reference, "Add to my story", a mistyped reply
    code (caught by its check digit) then the right one, the words (the personal-details check runs on
    them), Send; Thank you; back at Welcome nothing of it is left."""
    app = d.app
    ref, code = os.environ["LOOP_REF"], os.environ["LOOP_CODE"]
    d.tap(d.w("read_reply")); yield on_screen("reader")

    def press(screen, cls, digits):
        last = None
        for ch in digits:
            if ch == last:  # the same key again: a person's second press, not a tremor's bounce
                yield 0.45
            key = next(w for w in app.screen(screen).walk(restrict=True)
                       if getattr(w, "text", None) == ch and w.__class__.__name__ == cls)
            d.tap(key)
            yield 0.15
            last = ch

    yield from press("reader", "PadKey", ref)
    d.tap(d.w("show")); yield on_screen("reply")
    check(app.sm.current == "reply", f"the story shows (at {app.sm.current})")
    d.tap(d.w("add")); yield on_screen("update_code")
    check(app.sm.current == "update_code", f"Add to my story asks for the reply code (at {app.sm.current})")
    RESULT["code_heading"] = d.w("heading").text
    wrong = code[:5] + str((int(code[5]) + 1) % 10)
    yield from press("update_code", "PadKey", wrong)
    d.tap(d.nav("next")); yield 0.3
    RESULT["wrong_code_message"] = d.w("error").text
    check(app.sm.current == "update_code", "a mistyped code stays on the code screen")
    d.tap(d.w("pad").ids.rub_out); yield 0.7
    yield from press("update_code", "PadKey", code[5])
    RESULT["code_typed"] = d.w("digits").text
    d.tap(d.nav("next")); yield on_screen("update")
    check(app.sm.current == "update", f"the right code opens the update (at {app.sm.current})")
    d.w("words").text = os.environ["LOOP_WORDS"]; yield 0.2
    check(app.session.draft.text == os.environ["LOOP_WORDS"], "the words reach the session")
    d.tap(d.nav("next")); yield Until(lambda: app.sm.current in ("check", "update_send"))
    RESULT["checks"] = []
    while app.sm.current == "check":
        finding = app.session.current_finding
        RESULT["checks"].append(app.session.draft.text[finding.start:finding.end])
        d.tap(d.w("use") if finding.suggestion else d.w("keep")); yield 0.3
    check(app.sm.current == "update_send", f"then Send (at {app.sm.current})")
    RESULT["send_texts"] = _texts(app.screen("update_send"))
    RESULT["sent_words"] = app.session.draft.text
    d.tap(d.w("send")); yield on_screen("update_thanks")
    check(app.sm.current == "update_thanks", f"Send shows Thank you (at {app.sm.current})")
    RESULT["thanks_texts"] = _texts(app.screen("update_thanks"))
    d.tap(d.w("finish")); yield on_screen("welcome")
    finish_state(d)


def scenario_update_idle(d: Driver):
    """Walking away half-way through an update: "Are you still there?", then everything is wiped (the
    reply code typed so far and the words), back at Welcome."""
    app = d.app
    d.tap(d.w("read_reply")); yield on_screen("reader")
    for ch in os.environ["LOOP_REF"]:
        key = next(w for w in app.screen("reader").walk(restrict=True)
                   if getattr(w, "text", None) == ch and w.__class__.__name__ == "PadKey")
        d.tap(key); yield 0.45
    d.tap(d.w("show")); yield on_screen("reply")
    d.tap(d.w("add")); yield on_screen("update_code")
    for ch in "381":
        key = next(w for w in app.screen("update_code").walk(restrict=True)
                   if getattr(w, "text", None) == ch and w.__class__.__name__ == "PadKey")
        d.tap(key); yield 0.45
    RESULT["code_before"] = d.w("digits").text
    check(app.session.has_draft, "the update is a draft")
    yield Until(lambda: app._idle_view is not None and app._idle_view.parent is not None, timeout=10)
    RESULT["warned"] = app._idle_view is not None and app._idle_view.parent is not None
    yield on_screen("welcome")
    yield 0.3
    finish_state(d)


SCENARIOS = {"update": scenario_update, "update_idle": scenario_update_idle, "board": scenario_board, "reader": scenario_reader, "speech": scenario_speech, "pictures": scenario_pictures, "steady": scenario_steady,
             "visit": scenario_visit, "idle": scenario_idle, "staff": scenario_staff, "layout": scenario_layout,
             "demo": scenario_demo, "enrolled": scenario_enrolled}
WATCHDOG = {"layout": 280}  # seconds a scenario may take (the layout walks 4 x 29 screens)
APP_ARGS = {
    "speech": dict(idle_timeout=5, countdown=3, typing_minimum=60, thanks_seconds=3600),
    "board": dict(board_after=1.0, board_seconds=2.0, idle_timeout=60),
    "reader": dict(board_after=0),
    "update": dict(board_after=0, idle_timeout=600),
    "update_idle": dict(board_after=0, idle_timeout=1.5, countdown=2.0),
    "pictures": dict(thanks_seconds=1.5),
    "steady": dict(settle_seconds=0.35),  # the kiosk's own steadiness (other scenarios tap quicker)
    "visit": dict(thanks_seconds=1.5),
    "idle": dict(idle_timeout=1.5, countdown=2.0, typing_minimum=2.5),
    "staff": dict(hold_seconds=1.5),
    "layout": dict(idle_timeout=3600, thanks_seconds=3600),
    "demo": dict(),
    "enrolled": dict(),
}


def main():
    name, out = sys.argv[1], Path(sys.argv[2])
    kwargs = dict(APP_ARGS[name])
    from kiosk.anonymise import find_identifiers  # noqa: F401  (the real one: never a stand-in)
    from print_notices.leaflet import print_for_staff

    RESULT["anonymiser"] = "real"
    kwargs.setdefault("settle_seconds", 0.0)  # scenarios tap soon after a screen shows (see scenario_steady)
    # Wired as the `carekiosk` command wires it (kiosk/cli.py), so the staff panel can print.
    kwargs.setdefault("print_leaflet", print_for_staff)
    app = CareKioskApp(windowed=False, **kwargs)
    if name != "steady":
        # Scripted taps come quicker than a person's: the same key or button twice within the 0.6 s
        # repeat time would be ignored as a tremor. The steady scenario keeps the kiosk's own setting.
        app.ignore_repeat = 0.0
    driver = Driver(app)
    script = SCENARIOS[name](driver)

    def write():
        out.write_text(json.dumps(RESULT, indent=2, default=str))

    def step(_dt):
        try:
            delay = next(script)
        except StopIteration:
            RESULT["ok"] = not RESULT["errors"]
            write()
            app.stop()
            return
        except Exception:
            RESULT["ok"] = False
            RESULT["errors"].append(traceback.format_exc())
            RESULT["screen_at_error"] = app.sm.current
            write()
            app.stop()
            return
        if isinstance(delay, Until):
            def wait(_dt, until=delay):
                if until.done():
                    Clock.schedule_once(step, 0.1)  # a frame or two for the new screen to lay out
                else:
                    Clock.schedule_once(wait, 0.05)
            Clock.schedule_once(wait, 0.05)
            return
        Clock.schedule_once(step, delay or 0.05)

    def started(*_):
        Clock.schedule_once(step, 0.5)

    app.bind(on_start=started)
    watchdog = Clock.schedule_once(lambda _dt: (RESULT["errors"].append("watchdog: scenario took too long"),
                                                write(), app.stop()), WATCHDOG.get(name, 90))
    app.run()
    watchdog.cancel()
    RESULT["stopped"] = True
    write()


if __name__ == "__main__":
    main()
