"""Kiosk benchmark: cold start to an interactive Welcome, and Send to Thank you, under a display,
each beside a bare Kivy window with the same window settings measured in the same run.

    xvfb-run -a python bench/kiosk_bench.py [--runs 5] [--sends 5]

Each run is a fresh process (a cold start: Python, Kivy, fonts, kv rules, store, first frame) on a
throwaway CAREKIOSK_HOME. "Start" is timed from just before the process is spawned to the end of the
first frame drawn after on_start (``on_first_frame``): the Welcome is on the screen and takes touches. Inside it, Send is tapped (a real touch on the Send button) several times
and timed until the Thank-you screen has been drawn. Runs alternate with a bare Kivy window (one
Button, the kiosk's window settings), so both meet the same machine load. Prints medians, and the
figures that hold on any display stack: the kiosk's own share of memory (its peak RSS minus the bare
window's) and its start time as a multiple of the bare window's.
Targets: own share < 60 MB, start < 1.5 x a bare Kivy window, Send < 200 ms.

The kiosk's own modules are byte-compiled first, as an installed kiosk's are (pip compiles what it
installs) and as the bare window's Kivy is: where ``PYTHONDONTWRITEBYTECODE`` is set (as on this
project's machines) a checkout's modules would otherwise be compiled from source on every start,
which the bare window never pays. ``--from-source`` measures that case (no compiling first).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def memory() -> dict[str, float]:
    """This process's memory in MB: peak RSS (what the target is about), RSS now, and how much of the
    RSS now is the OpenGL driver's own code (Mesa's llvmpipe software renderer maps LLVM; a GPU
    driver on the real kiosk would not)."""
    import resource

    out = {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    gl_kb = anon_kb = 0
    name = ""
    try:
        with open("/proc/self/smaps") as fh:
            for line in fh:
                head = line.split(None, 1)[0]
                if not head.endswith(":"):  # a mapping's header line: address perms offset dev inode [path]
                    parts = line.split()
                    name = parts[5] if len(parts) > 5 else ""
                elif head == "Rss:":
                    kb = int(line.split()[1])
                    if "LLVM" in name or "/dri/" in name or "gallium" in name or "libGLX_mesa" in name:
                        gl_kb += kb
                elif head == "Anonymous:":
                    anon_kb += int(line.split()[1])
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    out["rss_now_mb"] = int(line.split()[1]) / 1024
        out["gl_driver_code_mb"] = gl_kb / 1024
        out["anon_mb"] = anon_kb / 1024
    except OSError:  # not Linux
        pass
    return out


def cpu_seconds() -> float:
    """CPU time this process has used (user + system): unlike the wall clock, barely moved by other
    work on a shared machine, so its ratio is a steadier second opinion on the start time."""
    times = os.times()
    return times.user + times.system


def on_first_frame(then) -> None:
    """Call ``then()`` once the window's first frame after on_start has been drawn: the moment a
    person sees the screen and can touch it. Called from on_start (both the kiosk and the bare window).

    Kivy draws a frame in ``on_draw`` and swaps buffers in the window's own ``on_flip`` handler, which
    runs after the ones bound here; ``glFinish`` first makes the GL driver finish drawing that frame
    (Mesa llvmpipe rasterises lazily), so what is timed is a whole frame, not just the draw calls. (A
    ``Clock.schedule_once(..., 0)`` from on_start, which this bench used before 2026-12-02, runs in the
    first clock tick, *before* the first frame is drawn.)"""
    from kivy.core.window import Window
    from kivy.graphics.opengl import glFinish

    def flipped(*_args):
        Window.unbind(on_flip=flipped)
        glFinish()
        then()

    Window.bind(on_flip=flipped)


def child(t0: float, sends: int) -> None:
    sys.path.insert(0, str(ROOT))
    from kiosk.app import configure_kivy

    configure_kivy(windowed=True)
    from kivy.clock import Clock

    from kiosk.app import CareKioskApp

    app = CareKioskApp(windowed=True, idle_timeout=3600)
    result = {"send_ms": []}

    def interactive():
        # The first frame after on_start: Welcome is drawn and takes touches.
        result["start_s"] = time.time() - t0
        result["start_cpu_s"] = cpu_seconds()
        result["start_main_cpu_s"] = time.thread_time()  # the UI thread alone
        result["at_start"] = memory()
        # Kivy's test touch (for tapping Send), imported only now: kivy.tests.common imports pytest
        # (about 0.3 s), which is no part of the kiosk's start and must not be counted in it.
        global UnitTestTouch
        from kivy.tests.common import UnitTestTouch
        Clock.schedule_once(prepare, 0.2)

    def prepare(_dt):
        s = app.session
        s.reset(); s.start(); s.choose_role("resident"); s.next(); s.next()
        s.set_text("The food is good and the staff are kind. The garden could be tidier.")
        s.next()
        while s.current_finding is not None:
            s.keep()
        s.next(); s.no_thanks()
        # Past the steadier touch's quiet time after a new screen, and its repeat time on the same
        # Send button (kiosk.screens.widgets.SteadyTouch): a real visitor's tap, not one it ignores.
        Clock.schedule_once(tap_send, max(app.settle_seconds, app.ignore_repeat) + 0.1)

    def tap_send(_dt):
        button = app.sm.current_screen.ids.send
        x, y = button.to_window(*button.center)
        touch = UnitTestTouch(x, y)
        started = time.perf_counter()
        touch.touch_down(); touch.touch_up()
        assert app.sm.current == "thanks", app.sm.current

        def drawn(_dt):
            result["send_ms"].append((time.perf_counter() - started) * 1000)
            if len(result["send_ms"]) < sends:
                Clock.schedule_once(prepare, 0.1)
            else:
                result.update(memory())
                print("RESULT " + json.dumps(result), flush=True)
                app.stop()

        Clock.schedule_once(drawn, 0)  # runs after the next frame is drawn

    app.bind(on_start=lambda *_: on_first_frame(interactive))
    app.run()


def baseline(t0: float) -> None:
    """A bare Kivy window with one Button, configured exactly as the kiosk's window (size,
    multisampling, input, ...): what Python, Kivy and the display stack (e.g. Mesa llvmpipe) cost here."""
    from kivy.config import Config

    # The window settings of kiosk.app.configure_kivy(windowed=True), without importing the kiosk.
    for key, value in (("width", "1280"), ("height", "800"), ("multisamples", "0"), ("fullscreen", "0"),
                       ("borderless", "0"), ("resizable", "1"), ("allow_screensaver", "0")):
        Config.set("graphics", key, value)
    Config.set("kivy", "log_level", "warning")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "system")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.button import Button

    result = {}

    class Bare(App):
        def build(self):
            return Button(text="baseline")

        def on_start(self):
            on_first_frame(interactive)

    def interactive():
        result["start_s"] = time.time() - t0  # the same moment as the kiosk's: its first frame drawn
        result["start_cpu_s"] = cpu_seconds()
        result["start_main_cpu_s"] = time.thread_time()  # the UI thread alone
        Clock.schedule_once(done, 0.5)

    def done(_dt):
        result.update(memory())
        print("RESULT " + json.dumps(result), flush=True)
        app.stop()

    app = Bare()
    app.run()


def byte_compile() -> None:
    """Write the ``__pycache__`` files of the packages the kiosk imports (the checkout ignores them)."""
    import compileall

    for package in ("kiosk", "sync", "assets"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def run_child(args: list[str], env: dict[str, str]) -> dict:
    t0 = time.time()
    proc = subprocess.run([sys.executable, __file__, *args, repr(t0)], env=env, capture_output=True, text=True,
                          timeout=120)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:  # Kivy sends a traceback to its log file, not the console (KIVY_NO_CONSOLELOG)
        logs = sorted(Path(env["KIVY_HOME"], "logs").glob("*.txt"))
        raise RuntimeError(proc.stdout + proc.stderr + "".join(log.read_text(errors="replace") for log in logs))
    return json.loads(line[7:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sends", type=int, default=5)
    parser.add_argument("--from-source", action="store_true",
                        help="do not byte-compile the kiosk first (see above)")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline is not None:
        baseline(args.baseline)
        return 0
    if args.child is not None:
        child(args.child, args.sends)
        return 0
    if not os.environ.get("DISPLAY"):
        print("No display: run under `xvfb-run -a python bench/kiosk_bench.py`.", file=sys.stderr)
        return 2
    if not args.from_source:
        byte_compile()
    kiosk, bare, sends = [], [], []
    for _ in range(args.runs):  # alternate, so both see the same load on a shared machine
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, CAREKIOSK_HOME=home, KIVY_HOME=os.path.join(home, "kivy"), KIVY_NO_ARGS="1",
                       KIVY_NO_CONSOLELOG="1")
            try:
                r = run_child(["--sends", str(args.sends), "--child"], env)
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 1
            kiosk.append(r)
            sends.extend(r["send_ms"])
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, KIVY_HOME=home, KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1")
            bare.append(run_child(["--baseline"], env))
    med = statistics.median
    k_start, b_start = med(r["start_s"] for r in kiosk), med(r["start_s"] for r in bare)
    k_peak, b_peak = med(r["peak_rss_mb"] for r in kiosk), med(r["peak_rss_mb"] for r in bare)
    k_welcome = med(r.get("at_start", {}).get("peak_rss_mb", float("nan")) for r in kiosk)
    own = k_peak - b_peak
    print(f"cold start to interactive Welcome: kiosk median {k_start:.2f} s, bare Kivy window {b_start:.2f} s "
          f"-> {k_start / b_start:.2f} x the bare window (target < 1.5 x; {args.runs} runs each, alternating"
          f"{'; the kiosk compiled from source each start' if args.from_source else ''})")
    def each(runs):
        return " ".join(f"{r['start_s']:.2f}" for r in runs)

    k_cpu, b_cpu = med(r["start_cpu_s"] for r in kiosk), med(r["start_cpu_s"] for r in bare)
    print(f"  CPU time to that frame:          kiosk {k_cpu:.2f} s, bare {b_cpu:.2f} s -> {k_cpu / b_cpu:.2f} x "
          f"(each run's wall time: kiosk {each(kiosk)} s; bare {each(bare)} s)")
    print(f"Send to Thank you drawn:           median {med(sends):.1f} ms (max {max(sends):.1f}; {len(sends)} sends; "
          "target < 200 ms)")
    print(f"peak memory (max RSS):             kiosk {k_peak:.0f} MB after a whole visit and {args.sends} sends "
          f"({k_welcome:.0f} MB at Welcome); bare Kivy window {b_peak:.0f} MB")
    print(f"  the kiosk's own share: {own:.0f} MB (target < 60 MB); GL driver code mapped: kiosk "
          f"{med(r.get('gl_driver_code_mb', 0) for r in kiosk):.0f} MB, bare {med(r.get('gl_driver_code_mb', 0) for r in bare):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
