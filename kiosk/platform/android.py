"""An Android tablet (built with buildozer.spec at the top of the repository).

What the kiosk needs from Android, and only that:
- the screen stays on while the app shows (``FLAG_KEEP_SCREEN_ON``: no permission needed);
- immersive fullscreen (status and navigation bars hidden, and hidden again after a swipe);
- Back does nothing (Kivy sees it as key 27, the same as Escape);
- screen pinning / lock task (``Activity.startLockTask``) when the device owner has allowed this
  app (``DevicePolicyManager.isLockTaskPermitted``): then Home and Recents do nothing either.
  Without a device owner Android would ask the visitor to confirm pinning, so we do not ask;
- data in the app's private storage (``Context.getFilesDir()``), which no other app can read.

Java is reached through a small *bridge* (pyjnius on the tablet, :class:`JniusBridge`), so this
module's decisions run and are tested on any machine; the bridge is the only part that needs
Android. The APK is not built on this project's machines (no Android SDK can be fetched here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Protocol

from .base import ESCAPE, F1, Platform

#: android.view.View system UI flags (API 19+) and WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON
SYSTEM_UI_FLAG_LAYOUT_STABLE = 0x00000100
SYSTEM_UI_FLAG_LAYOUT_HIDE_NAVIGATION = 0x00000200
SYSTEM_UI_FLAG_LAYOUT_FULLSCREEN = 0x00000400
SYSTEM_UI_FLAG_HIDE_NAVIGATION = 0x00000002
SYSTEM_UI_FLAG_FULLSCREEN = 0x00000004
SYSTEM_UI_FLAG_IMMERSIVE_STICKY = 0x00001000
IMMERSIVE_STICKY = (SYSTEM_UI_FLAG_LAYOUT_STABLE | SYSTEM_UI_FLAG_LAYOUT_HIDE_NAVIGATION
                    | SYSTEM_UI_FLAG_LAYOUT_FULLSCREEN | SYSTEM_UI_FLAG_HIDE_NAVIGATION
                    | SYSTEM_UI_FLAG_FULLSCREEN | SYSTEM_UI_FLAG_IMMERSIVE_STICKY)
FLAG_KEEP_SCREEN_ON = 0x00000080
#: Android's Back as SDL2 reports it (27, like Escape) and on some SDL builds (1001)
BACK_KEYS = frozenset({ESCAPE, 1001})


class Bridge(Protocol):
    """The few Java calls the kiosk makes (each on Android's UI thread where Android requires it)."""

    def add_window_flags(self, flags: int) -> None: ...
    def set_system_ui_visibility(self, flags: int) -> None: ...
    def lock_task_permitted(self) -> bool: ...
    def start_lock_task(self) -> None: ...
    def stop_lock_task(self) -> None: ...
    def files_dir(self) -> str: ...


class AndroidPlatform(Platform):
    name = "android"

    def __init__(self, environ: Mapping[str, str] | None = None, bridge: Bridge | None = None):
        super().__init__(environ)
        self._bridge = bridge
        self.locked = False

    @property
    def bridge(self) -> Bridge:
        if self._bridge is None:
            self._bridge = JniusBridge()
        return self._bridge

    def swallowed_keys(self) -> frozenset[int]:
        return BACK_KEYS | {F1}

    def environment_defaults(self) -> dict[str, str]:
        return {}  # python-for-android's SDL2 uses Android's own video driver

    def data_home(self) -> Path | None:
        """The app's private files folder (``/data/data/<package>/files``), readable by this app only."""
        return Path(self.bridge.files_dir()) / "carekiosk"

    def window_ready(self) -> None:
        super().window_ready()
        bridge = self.bridge
        bridge.add_window_flags(FLAG_KEEP_SCREEN_ON)
        bridge.set_system_ui_visibility(IMMERSIVE_STICKY)
        if bridge.lock_task_permitted():
            bridge.start_lock_task()
            self.locked = True

    def alive(self) -> None:
        # Android shows the bars again after some dialogs; put immersive mode back.
        self.bridge.set_system_ui_visibility(IMMERSIVE_STICKY)

    alive_every = 5.0

    def stopping(self) -> None:
        if self.locked:
            self.bridge.stop_lock_task()
            self.locked = False


class JniusBridge:  # pragma: no cover - runs only on Android (pyjnius inside the APK)
    """The real Java calls, through pyjnius; UI changes run on Android's UI thread."""

    def __init__(self) -> None:
        from jnius import autoclass  # type: ignore[import-not-found]

        self._autoclass = autoclass
        self.activity: Any = autoclass("org.kivy.android.PythonActivity").mActivity

    def _on_ui_thread(self, fn) -> None:
        from android.runnable import run_on_ui_thread  # type: ignore[import-not-found]

        run_on_ui_thread(fn)()

    def add_window_flags(self, flags: int) -> None:
        self._on_ui_thread(lambda: self.activity.getWindow().addFlags(flags))

    def set_system_ui_visibility(self, flags: int) -> None:
        self._on_ui_thread(lambda: self.activity.getWindow().getDecorView().setSystemUiVisibility(flags))

    def lock_task_permitted(self) -> bool:
        context = self._autoclass("android.content.Context")
        dpm = self.activity.getSystemService(context.DEVICE_POLICY_SERVICE)
        return bool(dpm.isLockTaskPermitted(self.activity.getPackageName()))

    def start_lock_task(self) -> None:
        self._on_ui_thread(self.activity.startLockTask)

    def stop_lock_task(self) -> None:
        self._on_ui_thread(self.activity.stopLockTask)

    def files_dir(self) -> str:
        return str(self.activity.getFilesDir().getAbsolutePath())
