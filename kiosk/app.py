"""The Kivy shell: a thin layer over :class:`kiosk.session.Session`.

Call :func:`configure_kivy` before anything imports ``kivy.core.window`` (``kiosk.run_command``
does), then ``CareKioskApp(...).run()``. Timeouts are constructor arguments so tests can shorten them.
"""

from __future__ import annotations

import os
import time
from typing import Any

from .speech import SPEECH_DEFAULTS

KIOSK_DEFAULTS: dict[str, Any] = {
    "idle_timeout": 90,          # seconds without a touch before "Are you still there?"
    "countdown": 15,             # seconds "Are you still there?" waits before wiping the draft
    "thanks_seconds": 40,        # Thank you returns to Welcome by itself after this long (two numbers to note)
    "language": "en",            # the language each visit starts in: "en" or "cy"
    "pin_hash": "",              # the staff PIN as a salted scrypt hash (carekiosk run --set-pin)
    "hold_seconds": 3,           # press and hold on the staff corner this long
    "ignore_repeat": 0.6,        # a second tap on the same button within this many seconds is ignored
    "startup_deadline": 60,      # seconds for Welcome to appear before the kiosk gives up loudly
    "board_after": 45,           # an untouched Welcome shows "you said, we did" after this long (0: never)
    "board_seconds": 20,         # each story on that board stays this long before the next
    **SPEECH_DEFAULTS,           # read aloud: speech, speech_player, speech_rate (kiosk.speech)
}
WINDOW_SIZE = (1280, 800)


def configure_kivy(*, windowed: bool = False, size: tuple[int, int] = WINDOW_SIZE) -> None:
    """Kiosk settings that must be in place before Kivy opens its window."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "system")   # our own docked keyboard; no Kivy VKeyboard popping up
    Config.set("kivy", "log_level", os.environ.get("CAREKIOSK_KIVY_LOG", "warning"))
    Config.set("input", "mouse", "mouse,disable_multitouch")  # no red multitouch dots on a right click
    Config.set("graphics", "allow_screensaver", "0")
    # No multisample anti-aliasing: every shape the kiosk draws is an axis-aligned rectangle or line,
    # and 2x multisampling at 1280 x 800 costs about 30 MB under Mesa llvmpipe (docs/kiosk.md).
    Config.set("graphics", "multisamples", "0")
    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    if windowed:
        Config.set("graphics", "fullscreen", "0")
        Config.set("graphics", "borderless", "0")
        Config.set("graphics", "resizable", "1")
    else:
        Config.set("graphics", "fullscreen", "auto")
        Config.set("graphics", "borderless", "1")
        Config.set("graphics", "resizable", "0")


from kivy.app import App  # noqa: E402  (after configure_kivy is defined; the window opens later)
from kivy.clock import Clock  # noqa: E402
from kivy.core.text import LabelBase  # noqa: E402
from kivy.lang import Builder  # noqa: E402
from kivy.metrics import dp, mm, sp  # noqa: E402
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty  # noqa: E402
from kivy.uix.floatlayout import FloatLayout  # noqa: E402
from kivy.uix.screenmanager import NoTransition, ScreenManager  # noqa: E402
from kivy.uix.widget import Widget  # noqa: E402

from sync.config import Config as Settings  # noqa: E402
from sync.paths import Paths  # noqa: E402
from sync.profile import ensure_demo_key, open_store  # noqa: E402

from . import idle, lobby, theme  # noqa: E402
from .i18n import translator  # noqa: E402
from sync.assets import asset_path  # noqa: E402
from .services import StaffServices  # noqa: E402
from .session import THANKS_STEPS, TYPING_STEPS, Session, Step  # noqa: E402

ESCAPE_KEYS = {27, 1001}  # Escape, and Android Back (27) / Back on some SDL builds (1001)
SETTINGS_KEYS = {282}     # F1

#: Screen name -> (module in kiosk.screens, class, kv files). Screens are built on first visit
#: (Welcome at start), so a visit that never reaches a screen never pays for it.
SCREENS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "welcome": ("welcome", "WelcomeScreen", ("welcome.kv",)),
    "who": ("who", "WhoScreen", ("who.kv",)),
    "how": ("how", "HowScreen", ("how.kv",)),
    "topic": ("topic", "TopicScreen", ("topic.kv",)),
    "story": ("story", "StoryScreen", ("keyboard.kv", "story.kv")),
    "check": ("check", "CheckScreen", ("check.kv",)),
    "feeling": ("feeling", "FeelingScreen", ("feeling.kv",)),
    "pictures": ("pictures", "PicturesScreen", ("pictures.kv",)),
    "phrases": ("phrases", "PhrasesScreen", ("phrases.kv",)),
    "review": ("review", "ReviewScreen", ("review.kv",)),
    "contact": ("contact", "ContactScreen", ("keyboard.kv", "contact.kv")),
    "send": ("send", "SendScreen", ("send.kv",)),
    "thanks": ("thanks", "ThanksScreen", ("thanks.kv",)),
    "staff_pin": ("staff_pin", "StaffPinScreen", ("staff_pin.kv",)),
    "staff_panel": ("staff_panel", "StaffPanelScreen", ("staff_panel.kv",)),
    "reader": ("reader", "ReaderScreen", ("number_pad.kv", "reader.kv")),
    "reply": ("reader", "ReplyScreen", ("reply.kv",)),
    "update_code": ("update_code", "UpdateCodeScreen", ("number_pad.kv", "update_code.kv")),
    "update": ("update", "UpdateScreen", ("keyboard.kv", "update.kv")),
    "update_send": ("update_send", "UpdateSendScreen", ("update_send.kv",)),
    "update_thanks": ("update_thanks", "UpdateThanksScreen", ("update_thanks.kv",)),
}
#: Built one frame after this screen shows, so the tap that leads there stays quick (Send < 200 ms).
PREBUILD = {"send": "thanks", "update_send": "update_thanks"}



def register_fonts() -> None:
    fonts = asset_path("fonts")
    atkinson = dict(
        fn_regular=str(fonts / "AtkinsonHyperlegible-Regular.ttf"),
        fn_bold=str(fonts / "AtkinsonHyperlegible-Bold.ttf"),
        fn_italic=str(fonts / "AtkinsonHyperlegible-Italic.ttf"),
        fn_bolditalic=str(fonts / "AtkinsonHyperlegible-BoldItalic.ttf"),
    )
    LabelBase.register("Atkinson", **atkinson)
    LabelBase.register("Roboto", **atkinson)  # Kivy's default font: every widget gets Atkinson
    LabelBase.register("DejaVuSans", fn_regular=str(fonts / "DejaVuSans.ttf"),
                       fn_bold=str(fonts / "DejaVuSans-Bold.ttf"))


def open_in_background(opener):
    """Start ``opener()`` on a thread now; ``.result()`` waits for it and returns what it returned (or
    raises what it raised). For start-up work that waits on the disk while the window opens."""
    from concurrent.futures import ThreadPoolExecutor  # already imported by Kivy's clock (asyncio)

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-start")
    try:
        return pool.submit(opener)
    finally:
        pool.shutdown(wait=False)


def anonymiser_roster(device) -> dict[str, Any]:
    """The roster the anonymiser wants: the device's roster (from enrolment) plus the home's own name."""
    roster = dict(device.roster or {})
    if device.home_name:
        roster.setdefault("home", device.home_name)
    return roster


class StaffCorner(Widget):
    """The hidden staff corner: press and hold for ``hold_seconds`` to ask for the PIN."""

    hold_seconds = NumericProperty(3.0)

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        touch.ud["staff_hold"] = Clock.schedule_once(lambda _dt: App.get_running_app().ask_staff_pin(),
                                                     self.hold_seconds)
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            touch.ungrab(self)
            event = touch.ud.pop("staff_hold", None)
            if event is not None:
                event.cancel()
            return True
        return False


class CareKioskApp(App):
    lang = StringProperty("en")
    large_text = BooleanProperty(False)
    high_contrast = BooleanProperty(False)
    read_aloud = BooleanProperty(False)  # the visitor chose Read aloud: the speaker buttons show
    c = DictProperty(theme.colours(theme.DEFAULT))
    fs = DictProperty({})
    btn_h = NumericProperty(0)
    choice_h = NumericProperty(0)   # an answer to tap: at least 16 mm, 20 mm where the screen allows
    icon_s = NumericProperty(0)     # a small picture (the speaker on Listen)
    icon_h = NumericProperty(0)     # a picture beside an answer's words
    face_icon = NumericProperty(0)  # a face on the picture scale
    tile_icon = NumericProperty(0)  # the picture on a tile
    key_h = NumericProperty(0)
    key_gap = NumericProperty(0)
    gap = NumericProperty(0)
    pad = NumericProperty(0)
    home_name = StringProperty("")
    is_demo = BooleanProperty(False)   # the demo profile: labelled as such on Welcome and the staff panel
    staff_mode = BooleanProperty(False)

    def __init__(self, *, paths: Paths | None = None, windowed: bool = False, idle_timeout: float | None = None,
                 countdown: float | None = None, thanks_seconds: float | None = None,
                 typing_minimum: float | None = None, hold_seconds: float | None = None, finder=None,
                 applier=None, print_leaflet=None, settle_seconds: float = 0.35, speech=None, platform=None,
                 on_ready=None, board_after: float | None = None, board_seconds: float | None = None, **kwargs):
        self.paths = (paths or Paths.from_env()).ensure()
        # The store opens (on a fresh data folder: creates its tables, several durable commits) on a
        # thread while this thread opens the window (the sizes below need its DPI); build() takes it.
        self._store_opening = open_in_background(lambda: open_store(self.paths, make_demo_key=False))
        self._apply_sizes(False)
        super().__init__(**kwargs)
        self.title = "carekiosk"
        self.use_kivy_settings = False
        self.windowed = windowed
        self.settings_file = Settings.load(self.paths)
        cfg = self.settings_file.section("kiosk", KIOSK_DEFAULTS)
        self.kiosk_settings = cfg
        self.idle_timer = idle.IdleTimer(
            timeout=idle_timeout if idle_timeout is not None else idle.clamp_timeout(cfg["idle_timeout"]),
            countdown=countdown if countdown is not None else idle.clamp_timeout(cfg["countdown"], 15, 5),
            typing_minimum=typing_minimum if typing_minimum is not None else idle.TYPING_MINIMUM,
        )
        self.thanks_seconds = (thanks_seconds if thanks_seconds is not None
                               else idle.clamp_timeout(cfg["thanks_seconds"], idle.THANKS_SECONDS, 5))
        self.hold_seconds = hold_seconds if hold_seconds is not None else float(cfg["hold_seconds"])
        self.board_after = board_after if board_after is not None else float(cfg["board_after"])
        self.board = lobby.Rotation(seconds=board_seconds if board_seconds is not None
                                    else max(5.0, float(cfg["board_seconds"])))
        self.reader_mode = False  # "Read the reply to my story" is open (no visit, no draft)
        # Steadier touch (kiosk.screens.widgets.SteadyTouch): repeats on one button, and taps just
        # after a new screen appears, are ignored.
        self.settle_seconds = settle_seconds
        self.ignore_repeat = min(2.0, idle.clamp_timeout(cfg["ignore_repeat"], 0.6, 0.0)) if cfg["ignore_repeat"] else 0.0
        self._spoken_view: tuple[str, int] | None = None
        self._finder, self._applier = finder, applier
        self._speech = speech  # a kiosk.speech engine; None: the one the settings ask for
        # Speech, narrator and PIN guard: made on first use, or just after Welcome is first drawn
        # (_after_first_frame), whichever comes first. Welcome needs none of them to be drawn.
        self._speech_engine = self._narrator = self._pin_guard = None
        self._print_leaflet = print_leaflet  # from the composition root (kiosk/cli.py), if printing is installed
        if platform is None:
            from .platform import current

            platform = current()
        self.platform = platform  # Linux appliance / Android / desktop (kiosk/platform/)
        self._on_ready = on_ready
        self._thanks_since: float | None = None
        self._idle_view = None
        self._keyboard = None
        self._kv_loaded: set[str] = set()
        self.idle_paused = False  # screenshots only
        self.last_send_seconds: float | None = None
        self.events: list[tuple[float, str]] = []  # (monotonic time, what) for tests and the benchmark

    # -- words, colours and sizes -----------------------------------------------------------------
    def t(self, msgid: str, *_deps: Any) -> str:
        """Translate for kv rules: ``app.t("Back", app.lang)`` (passing app.lang makes kv re-evaluate)."""
        return translator().gettext(msgid, self.lang)

    def tr(self, msgid: str) -> str:
        return translator().gettext(msgid, self.lang)

    def hex(self, name: str) -> str:
        active = theme.HIGH_CONTRAST if self.high_contrast else theme.DEFAULT
        if name == "mark_phrase":
            return active.primary_bg if active is theme.DEFAULT else active.primary_bg
        return getattr(active, name)

    def _apply_sizes(self, large: bool) -> None:
        sizes = theme.text_sizes(large)
        self.fs = {name: sp(value) for name, value in sizes.items()}
        self.btn_h = max(mm(theme.BUTTON_MIN_MM), self.fs["button"] * 2.0)
        self.choice_h = max(mm(theme.CHOICE_MIN_MM), self.fs["button"] * 2.2)
        self.icon_s = max(dp(36), self.fs["button"] * 1.2)
        self.icon_h = max(dp(44), self.fs["button"] * 1.3)
        self.face_icon = mm(theme.FACE_ICON_MM)
        self.tile_icon = mm(theme.TILE_ICON_MM)
        self.key_h = max(mm(theme.KEY_MIN_MM), self.fs["key"] * 1.5)
        self.key_gap = max(mm(theme.KEY_SPACING_MM), dp(8))
        self.gap = max(mm(theme.SPACING_MM), dp(8))
        self.pad = dp(28)

    def on_large_text(self, _inst, large: bool) -> None:
        self._apply_sizes(large)
        if self._keyboard is not None:
            self._keyboard.relabel()

    def on_high_contrast(self, _inst, high: bool) -> None:
        self.c = theme.colours(theme.HIGH_CONTRAST if high else theme.DEFAULT)
        from kivy.core.window import Window

        Window.clearcolor = self.c["background"]

    def on_lang(self, *_):
        screen = self.sm.current_screen if hasattr(self, "sm") else None
        if screen is not None:
            screen.refresh()
        if self._keyboard is not None:
            self._keyboard.relabel()

    # -- building ----------------------------------------------------------------------------------
    def load_screen_kv(self, name: str) -> None:
        """Load one of the screens' kv files (once)."""
        from . import screens

        if name not in self._kv_loaded:
            Builder.load_file(str(screens.SCREENS_DIR / name))
            self._kv_loaded.add(name)

    def screen(self, name: str):
        """The screen called ``name``, built now if this is its first visit."""
        if not self.sm.has_screen(name):
            import importlib

            module, cls, kv_files = SCREENS[name]
            for kv in kv_files:
                self.load_screen_kv(kv)
            screen_class = getattr(importlib.import_module(f"{__package__}.screens.{module}"), cls)
            self.sm.add_widget(screen_class())
        return self.sm.get_screen(name)

    def show(self, name: str) -> None:
        """Make ``name`` the current screen (building it if needed)."""
        self.screen(name)
        self.sm.current = name
        follow = PREBUILD.get(name)
        if follow and not self.sm.has_screen(follow):
            Clock.schedule_once(lambda _dt: self.screen(follow), 0.05)

    @property
    def speech(self):
        """The read-aloud engine the settings ask for (or the one given to the constructor)."""
        if self._speech_engine is None:
            from .speech import open_speech

            self._speech_engine = self._speech or open_speech(self.kiosk_settings)
        return self._speech_engine

    @property
    def narrator(self):
        if self._narrator is None:
            from .speech.narrator import Narrator

            self._narrator = Narrator(self.speech, translator().gettext)
        return self._narrator

    @property
    def pin_guard(self):
        """Checks the staff PIN (the settings' hash; the demo PIN on the demo profile). Made again
        after :meth:`refresh_profile` picks up a new PIN or an enrolment."""
        if self._pin_guard is None:
            from .pin import PinGuard

            self._pin_guard = PinGuard(self.kiosk_settings.get("pin_hash") or None, demo=self.is_demo)
        return self._pin_guard

    @property
    def keyboard(self):
        """The one docked on-screen keyboard, shared by the screens that type (story, contact)."""
        if self._keyboard is None:
            from .screens.keyboard import BigKeyboard

            self.load_screen_kv("keyboard.kv")
            self._keyboard = BigKeyboard()
        return self._keyboard

    def build(self):
        from kivy.core.window import Window

        from .screens import widgets as _widgets  # noqa: F401 (kv classes)

        register_fonts()
        self.load_screen_kv("widgets.kv")

        self.store = self._store_opening.result()  # a new demo key: once Welcome is drawn
        device = self.store.device()
        self.home_name = device.home_name
        self.is_demo = device.is_demo
        self.services = StaffServices(self.paths, print_leaflet=self._print_leaflet)
        self.session = Session(self.store, finder=self._finder, applier=self._applier,
                               roster=anonymiser_roster(device),
                               default_language=self.kiosk_settings.get("language", "en"),
                               localise=translator().gettext)
        self.lang = self.session.language
        self.session.bind(self._on_session)
        from .screens.widgets import SteadyTouch

        self._steady = SteadyTouch
        SteadyTouch.repeat_ignore = self.ignore_repeat

        self.sm = ScreenManager(transition=NoTransition())
        self.screen("welcome")
        root = FloatLayout()
        root.add_widget(self.sm)
        self.staff_corner = StaffCorner(size_hint=(None, None), size=(mm(20), mm(20)),
                                        pos_hint={"right": 1, "top": 1}, hold_seconds=self.hold_seconds)
        root.add_widget(self.staff_corner)
        Window.clearcolor = self.c["background"]
        Clock.schedule_interval(self._tick, 0.25)
        return root

    def on_start(self):
        from kivy.core.window import Window

        # Bound after App's own settings-key handler, so ours runs first and swallows the keys.
        Window.bind(on_keyboard=self._on_keyboard, on_request_close=self._on_request_close,
                    on_touch_down=self._activity, on_touch_move=self._activity, on_key_down=self._activity,
                    on_textinput=self._activity)
        try:
            Window.allow_screensaver = False
        except Exception:  # pragma: no cover - older SDL
            pass
        self.sm.current_screen.refresh()
        self.events.append((time.monotonic(), "started"))
        Window.bind(on_flip=self._first_frame)
        if self.platform.alive_every:
            Clock.schedule_interval(lambda _dt: self.platform.alive(), self.platform.alive_every)
        self._start_background_sync()

    def _first_frame(self, *_args):
        """Welcome is on the screen: tell the platform (systemd's READY=1) and disarm the deadline."""
        from kivy.core.window import Window

        Window.unbind(on_flip=self._first_frame)
        self.events.append((time.monotonic(), "drawn"))
        self.platform.window_ready()
        self._demo_key = Clock.schedule_once(lambda _dt: ensure_demo_key(self.store, self.paths))
        Clock.schedule_once(self._after_first_frame)
        if self._on_ready is not None:
            self._on_ready()

    def _after_first_frame(self, _dt) -> None:
        """What Welcome does not need to be drawn, made now so the first tap does not wait for it."""
        self.narrator  # and the speech engine with it
        self.pin_guard

    def on_stop(self):
        self.platform.stopping()
        if getattr(self, "_demo_key", None) is not None:
            self._demo_key.cancel()  # not made yet: the next start makes it
        if getattr(self, "background_sync", None) is not None:
            self.background_sync.stop(timeout=2)
        self.session._listeners.clear()  # the screens are going; just forget the draft
        self.session.reset()
        if self._speech_engine is not None:
            self._speech_engine.close()
        self.store.close()

    # -- kiosk mode ----------------------------------------------------------------------------------
    def _on_keyboard(self, _window, key, *_args):
        if key in ESCAPE_KEYS or key in SETTINGS_KEYS or self.platform.swallows_key(key):
            return True  # Escape, Android Back and F1 do nothing
        return False

    def _on_request_close(self, *_args, **_kwargs):
        return not self.windowed  # True = refuse: a visitor cannot close the kiosk

    def open_settings(self, *largs):
        return False  # never Kivy's settings panel

    # -- the session drives the screens ---------------------------------------------------------------
    def _on_session(self, session: Session) -> None:
        if self.lang != session.language:
            self.lang = session.language
        if self.large_text != session.large_text:
            self.large_text = session.large_text
        if self.high_contrast != session.high_contrast:
            self.high_contrast = session.high_contrast
        if self.read_aloud != session.read_aloud:
            self.read_aloud = session.read_aloud
        self.idle_timer.typing = session.step in TYPING_STEPS
        if self.staff_mode:
            if session.step is Step.WELCOME:
                self.staff_mode = False
            else:
                return
        name = session.step.value
        if session.step is Step.WELCOME and not session.has_draft:
            self.refresh_profile()
            for screen in self.sm.screens:
                if screen.name != "welcome":
                    screen.wipe()
        if self.sm.current != name:
            self.show(name)
            self.events.append((time.monotonic(), name))
            if session.step in THANKS_STEPS:
                self._thanks_since = time.monotonic()
        else:
            self.sm.current_screen.refresh()
        view = (name, session.tile_index if session.step is Step.PICTURES else 0)
        if view != self._spoken_view:
            # A new screen, or a new picture tile on the same one: a double tap's second half lands
            # on nothing, and the old sentence stops.
            self._spoken_view = view
            self._steady.settle_now(self.settle_seconds)
        self.narrator.update(session, name)

    # -- read aloud --------------------------------------------------------------------------------
    def speak_again(self) -> None:
        """The "Listen" button: say this screen again."""
        self.narrator.repeat(self.session, self.sm.current)

    def read_story_back(self) -> None:
        """"Read my story back": the writer asked to hear their own words."""
        self.narrator.read_back(self.session)

    def send_story(self) -> None:
        started = time.perf_counter()
        try:
            ensure_demo_key(self.store, self.paths)  # made after the first frame; this only checks
            self.session.send()
        except Exception:
            self.sm.current_screen.refresh()
            return
        self.last_send_seconds = time.perf_counter() - started

    # -- idle -------------------------------------------------------------------------------------
    def _activity(self, *_args):
        self.idle_timer.touch()
        return False

    def still_here(self) -> None:
        self.idle_timer.touch()
        if self._idle_view is not None and self._idle_view.parent is not None:
            self.narrator.hush()
        self._hide_idle()

    def _show_idle(self, seconds: int) -> None:
        if self._idle_view is None:
            from .screens.idle import IdleView

            self.load_screen_kv("idle.kv")
            self._idle_view = IdleView()
        self._idle_view.seconds = seconds
        if self._idle_view.parent is None:
            self._idle_view.open(animation=False)
            self.events.append((time.monotonic(), "idle_warning"))
            self.narrator.idle_warning(self.session, seconds)

    def _hide_idle(self) -> None:
        if self._idle_view is not None and self._idle_view.parent is not None:
            self._idle_view.dismiss(animation=False)

    def _tick(self, _dt) -> None:
        if self.idle_paused:
            return
        session = self.session
        now = time.monotonic()
        if session.step in THANKS_STEPS and not self.staff_mode:
            self._hide_idle()
            if self._thanks_since is not None and now - self._thanks_since >= self.thanks_seconds:
                self._thanks_since = None
                session.finish()
            return
        at_rest = session.step is Step.WELCOME and not self.staff_mode and not self.reader_mode
        if at_rest:
            self._hide_idle()
            self._board_tick()
            default_prefs = (session.language == session.default_language and not session.large_text
                             and not session.high_contrast)
            if not default_prefs and self.idle_timer.idle_for() >= self.idle_timer.timeout:
                session.reset()  # the last person's choices do not stay for the next
            return
        state = self.idle_timer.state()
        if state == idle.ACTIVE:
            self._hide_idle()
        elif state == idle.WARNING:
            self._show_idle(self.idle_timer.seconds_left())
        else:
            self._hide_idle()
            self.events.append((now, "idle_reset"))
            self.staff_mode = False
            self.reader_mode = False
            self.narrator.silence()
            session.reset()
            if self.sm.current != "welcome":
                self.show("welcome")
            self.idle_timer.touch()

    # -- "you said, we did" and "read the reply to my story" ---------------------------------------
    def _board_tick(self) -> None:
        """On an untouched Welcome, the board of answered stories, one at a time. Never spoken:
        read aloud is for a visitor who asked for it, and the board shows when nobody is there."""
        welcome = self.screen("welcome")
        if self.sm.current != "welcome" or self.board_after <= 0:
            return
        if welcome.board_story is None:
            if self.idle_timer.idle_for() < self.board_after:
                return
            items = lobby.board(self.store)
            if not items:
                return
            self.narrator.silence()
            self.board.restart(items)
            self.events.append((time.monotonic(), "board"))
        story = self.board.current()
        if story is not None and story is not welcome.board_story:
            welcome.show_board(story)
            self.events.append((time.monotonic(), f"board:{story.ref}"))

    def board_touched(self) -> None:
        """A touch on the board: it goes, and the visit starts (the board says "touch here to start")."""
        self.screen("welcome").hide_board()
        self.idle_timer.touch()
        self.events.append((time.monotonic(), "board_touched"))
        self.session.start()

    def open_reader(self) -> None:
        self.reader_mode = True
        self.idle_timer.typing = False
        self.idle_timer.touch()
        self.narrator.silence()
        self.show("reader")
        self.screen("reader").wipe()
        self.screen("reader").refresh()
        self.events.append((time.monotonic(), "reader"))

    def reader_key(self, key: str) -> None:
        self.screen("reader").key(key)

    def reader_show(self) -> None:
        reader = self.screen("reader")
        if not reader.digits:
            return reader.say_not_found("empty")
        found = lobby.find(self.store, reader.digits)
        if found.story is None:
            return reader.say_not_found(found.state)
        self.screen("reply").show_story(found.story)
        self.show("reply")
        self.events.append((time.monotonic(), f"reply:{found.story.ref}"))

    def start_update(self) -> None:
        """"Add to my story" on the author's published story: the session takes over (reply code,
        words, the personal-details check, Send), so the idle timeout wipes it like any draft."""
        story = self.screen("reply").story
        if story is None or not story.uuid:
            return
        self.reader_mode = False
        for name in ("reader", "reply"):
            self.screen(name).wipe()
        self.events.append((time.monotonic(), "update"))
        self.session.start_update(story.uuid, story.ref)

    def send_update(self) -> None:
        try:
            ensure_demo_key(self.store, self.paths)
            self.session.send_update()
        except Exception:
            self.sm.current_screen.refresh()

    def reader_done(self) -> None:
        self.reader_mode = False
        for name in ("reader", "reply"):
            if self.sm.has_screen(name):
                self.screen(name).wipe()
        self.show("welcome")
        self.idle_timer.touch()

    # -- staff ---------------------------------------------------------------------------------
    def refresh_profile(self) -> None:
        """Pick up an enrolment (or a new staff PIN) made from a terminal while the kiosk runs: the
        demo PIN and DEMO label go, the roster and home name change, background sync starts."""
        device = self.store.device()
        pin_hash = Settings.load(self.paths).section("kiosk", KIOSK_DEFAULTS).get("pin_hash") or None
        if device.is_demo == self.is_demo and pin_hash == (self.kiosk_settings.get("pin_hash") or None):
            return
        self.kiosk_settings["pin_hash"] = pin_hash
        self.is_demo, self.home_name = device.is_demo, device.home_name
        self._pin_guard = None  # made again from the new hash and profile when next needed
        self.session.roster = anonymiser_roster(device)
        self._start_background_sync()

    def _start_background_sync(self) -> None:
        """Enrolled: send stories and fetch outcomes every few minutes, off the UI thread."""
        if not self.is_demo and getattr(self, "background_sync", None) is None:
            from .background_sync import BackgroundSync

            self.background_sync = BackgroundSync(self.paths)
            self.background_sync.start()

    def ask_staff_pin(self) -> None:
        self.refresh_profile()
        self.staff_mode = True
        self.narrator.silence()
        self.idle_timer.typing = False
        self.idle_timer.touch()
        self.show("staff_pin")
        self.events.append((time.monotonic(), "staff_pin"))

    def open_staff_panel(self) -> None:
        self.staff_mode = True
        self.show("staff_panel")
        self.events.append((time.monotonic(), "staff_panel"))

    def leave_staff(self) -> None:
        self.staff_mode = False
        self.session.reset()
        self.show("welcome")
        self.sm.current_screen.refresh()

    def exit_kiosk(self) -> None:
        self.events.append((time.monotonic(), "exit"))
        self.stop()
