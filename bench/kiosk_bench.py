"""Kiosk benchmark: cold start to an interactive Welcome, and Send to Thank you, under a display.

    xvfb-run -a python bench/kiosk_bench.py [--runs 5] [--sends 5]

Each run is a fresh process (a cold start: Python, Kivy, fonts, kv rules, store, first frame) on a
throwaway CAREKIOSK_HOME. Inside it, Send is tapped (a real touch on the Send button) several times
and timed until the Thank-you screen has been drawn. Prints medians and the peak memory (max RSS).
Targets (2-core machine): start < 2.5 s, Send < 200 ms, memory < 150 MB.
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


def child(t0: float, sends: int) -> None:
    sys.path.insert(0, str(ROOT))
    from kiosk.app import configure_kivy

    configure_kivy(windowed=True)
    from kivy.clock import Clock
    from kivy.tests.common import UnitTestTouch

    from kiosk.app import CareKioskApp

    app = CareKioskApp(windowed=True, idle_timeout=3600)
    result = {"send_ms": []}

    def interactive(_dt):
        # One frame after on_start: Welcome is drawn and takes touches.
        result["start_s"] = time.time() - t0
        result["at_start"] = memory()
        Clock.schedule_once(prepare, 0.2)

    def prepare(_dt):
        s = app.session
        s.reset(); s.start(); s.choose_role("resident"); s.next(); s.next()
        s.set_text("The food is good and the staff are kind. The garden could be tidier.")
        s.next()
        while s.current_finding is not None:
            s.keep()
        s.next(); s.no_thanks()
        Clock.schedule_once(tap_send, 0.3)

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

    app.bind(on_start=lambda *_: Clock.schedule_once(interactive, 0))
    app.run()


def baseline() -> None:
    """A bare Kivy window with one Button, configured exactly as the kiosk's window (size,
    multisampling, ...): what Python, Kivy and the display stack (e.g. Mesa llvmpipe) cost here."""
    from kivy.config import Config

    # The window settings of kiosk.app.configure_kivy(windowed=True), without importing the kiosk.
    for key, value in (("width", "1280"), ("height", "800"), ("multisamples", "0"), ("fullscreen", "0"),
                       ("borderless", "0"), ("resizable", "1"), ("allow_screensaver", "0")):
        Config.set("graphics", key, value)
    Config.set("kivy", "log_level", "warning")
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.button import Button

    class Bare(App):
        def build(self):
            def done(_dt):
                print("RESULT " + json.dumps(memory()), flush=True)
                self.stop()
            Clock.schedule_once(done, 0.5)
            return Button(text="baseline")

    Bare().run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sends", type=int, default=5)
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        baseline()
        return 0
    if args.child is not None:
        child(args.child, args.sends)
        return 0
    if not os.environ.get("DISPLAY"):
        print("No display: run under `xvfb-run -a python bench/kiosk_bench.py`.", file=sys.stderr)
        return 2
    starts, sends, results = [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, CAREKIOSK_HOME=home, KIVY_HOME=os.path.join(home, "kivy"), KIVY_NO_ARGS="1",
                       KIVY_NO_CONSOLELOG="1")
            t0 = time.time()
            proc = subprocess.run([sys.executable, __file__, "--child", repr(t0), "--sends", str(args.sends)],
                                  env=env, capture_output=True, text=True, timeout=120)
            line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
            if line is None:
                print(proc.stdout, proc.stderr, file=sys.stderr)
                return 1
            r = json.loads(line[7:])
            starts.append(r["start_s"]); sends.extend(r["send_ms"]); results.append(r)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, KIVY_HOME=home, KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1")
        proc = subprocess.run([sys.executable, __file__, "--baseline"], env=env, capture_output=True, text=True,
                              timeout=60)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        bare = json.loads(line[7:]) if line else {}
    peak = max(r["peak_rss_mb"] for r in results)
    at_start = max(r.get("at_start", {}).get("peak_rss_mb", float("nan")) for r in results)
    bare_peak = bare.get("peak_rss_mb", float("nan"))
    print(f"cold start to interactive Welcome: median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f}, max {max(starts):.2f}; {len(starts)} runs; target < 2.5 s)")
    print(f"Send to Thank you drawn:          median {statistics.median(sends):.1f} ms "
          f"(max {max(sends):.1f}; {len(sends)} sends; target < 200 ms)")
    print(f"peak memory (max RSS):            {peak:.0f} MB after a whole visit and {args.sends} sends "
          f"({at_start:.0f} MB at Welcome); target < 150 MB")
    gl = max(r.get("gl_driver_code_mb", 0) for r in results)
    print(f"  a bare Kivy window, same window settings, on this display stack: {bare_peak:.0f} MB "
          f"(of which GL driver code {bare.get('gl_driver_code_mb', 0):.0f} MB)")
    print(f"  so the kiosk itself adds {peak - bare_peak:.0f} MB; GL driver code in the kiosk process: {gl:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
