"""Idle timer, staff PIN and themes: the plain-Python helpers behind the kiosk screens."""

from __future__ import annotations

import pytest

from kiosk import idle, pin, theme


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_idle_timer_warns_then_expires():
    clock = FakeClock()
    t = idle.IdleTimer(timeout=90, countdown=15, clock=clock)
    clock.now += 89
    assert t.state() == idle.ACTIVE
    clock.now += 2
    assert t.state() == idle.WARNING and t.seconds_left() == 14
    t.touch()
    assert t.state() == idle.ACTIVE
    clock.now += 105.1
    assert t.state() == idle.EXPIRED and t.seconds_left() == 0


def test_idle_timeout_is_never_under_a_minute_while_typing():
    clock = FakeClock()
    t = idle.IdleTimer(timeout=30, clock=clock)
    t.typing = True
    clock.now += 45
    assert t.state() == idle.ACTIVE
    clock.now += 16
    assert t.state() == idle.WARNING
    t.typing = False
    t2 = idle.IdleTimer(timeout=120, clock=clock, typing=True)
    assert t2.effective_timeout == 120


@pytest.mark.parametrize("value, expected", [(90, 90), ("120", 120), (3, 10), ("soon", 90), (None, 90), (-5, 90)])
def test_clamp_timeout(value, expected):
    assert idle.clamp_timeout(value) == expected


def test_pin_hash_is_salted_and_checks():
    a = pin.hash_pin("4321", n=2**10)
    b = pin.hash_pin("4321", n=2**10)
    assert a != b and "4321" not in a
    assert pin.check_pin("4321", a) and not pin.check_pin("4322", a)
    assert not pin.check_pin("4321", "garbage")
    with pytest.raises(ValueError):
        pin.hash_pin("12")
    with pytest.raises(ValueError):
        pin.hash_pin("abcd")


def test_pin_guard_rate_limits():
    clock = FakeClock()
    g = pin.PinGuard(pin.hash_pin("2468", n=2**10), clock=clock, free_attempts=3, base_delay=30)
    assert not g.uses_demo_pin
    for _ in range(3):
        assert not g.attempt("0000")
    assert g.wait_seconds() == 30
    assert not g.attempt("2468")  # right PIN, but locked out
    clock.now += 31
    assert not g.attempt("1111")
    assert g.wait_seconds() == 60  # doubles
    clock.now += 61
    assert g.attempt("2468") and g.failures == 0


def test_demo_pin_only_on_demo_without_a_pin():
    assert pin.PinGuard(None, demo=True).attempt(pin.DEMO_PIN)
    enrolled = pin.PinGuard(None, demo=False)
    assert not enrolled.has_pin and not enrolled.attempt(pin.DEMO_PIN)
    own = pin.PinGuard(pin.hash_pin("9876", n=2**10), demo=True)
    assert not own.uses_demo_pin and not own.attempt(pin.DEMO_PIN)


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_every_colour_pair_reaches_aaa(name):
    fg, bg, ratio = theme.weakest_pair(theme.THEMES[name])
    assert ratio >= theme.AAA, f"{name}: {fg} on {bg} is only {ratio:.2f}:1"


def test_contrast_ratio_known_values():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    with pytest.raises(ValueError):
        theme.hex_to_rgb("#FFF")


def test_text_sizes_scale_every_size():
    normal, large = theme.text_sizes(False), theme.text_sizes(True)
    assert min(normal.values()) >= 24
    assert normal.keys() == large.keys()
    assert all(large[k] > normal[k] for k in normal)


def test_font_fallback_for_welsh_letters_and_symbols():
    from kiosk import fonts

    assert fonts.font_for("Tell us about your care") == fonts.PRIMARY
    assert fonts.font_for("Dywedwch wrthym – ’r gofal") == fonts.PRIMARY
    assert fonts.font_for("flwyddyn arall yn hŷn") == fonts.FALLBACK
    assert fonts.font_for("Tŵr") == fonts.FALLBACK
    assert fonts.font_for("[font=DejaVuSans]✓[/font] Chosen") == fonts.PRIMARY
    assert fonts.font_for("") == fonts.PRIMARY


def test_the_composition_root_wires_printing_into_the_staff_panel(ck_home, monkeypatch):
    """kiosk/ never imports print_notices; `carekiosk` hands the staff panel a leaflet printer."""
    from kiosk import cli
    from kiosk.run_command import PRINT_LEAFLET
    from kiosk.services import StaffServices
    from print_notices.printing import NoPrinter
    from sync.paths import Paths

    printer = cli.wiring()[PRINT_LEAFLET]
    services = StaffServices(Paths.from_env().ensure(), print_leaflet=printer)
    assert services.can_print and not StaffServices(Paths.from_env()).can_print
    monkeypatch.setenv("PATH", "/nonexistent")  # no `lp` here: the leaflet is saved and the panel says where
    with pytest.raises(NoPrinter, match=r"leaflet-cy\.pdf"):
        services.print_leaflet("cy")
    assert (ck_home / "leaflet-cy.pdf").read_bytes().startswith(b"%PDF")
