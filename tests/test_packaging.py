"""carekiosk installed from a wheel, away from the checkout: the assets travel with it.

The wheel is built from this checkout and installed into a fresh virtual environment outside it;
its dependencies come from the test environment's site-packages through a ``.pth`` line (which does
not run that environment's editable-install hook), so every ``kiosk``/``sync``/``print_notices``/
``carekiosk_assets`` import resolves to the wheel's copy. Then a leaflet is printed and a kiosk
screen's fonts are loaded from there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOP_PACKAGES = ("kiosk", "sync", "print_notices")


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"carekiosk_assets"}
    for top in TOP_PACKAGES:
        for init in (REPO / top).rglob("__init__.py"):
            found.add(".".join(init.parent.relative_to(REPO).parts))
    assert found == listed, f"missing from pyproject: {sorted(found - listed)}; listed but absent: {sorted(listed - found)}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy: setuptools writes build/ and *.egg-info into the folder it builds
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info",
                                                                "__pycache__", ".pytest_cache", ".hypothesis"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(tmp / "dist")],
                   check=True, capture_output=True, cwd=tmp)
    [wheel] = (tmp / "dist").glob("carekiosk-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CAREKIOSK"))}
    env["CAREKIOSK_HOME"] = str(tmp / "home")
    return venv, tmp, env


def _run(venv, tmp, env, *args, **kw):
    return subprocess.run(list(args), cwd=tmp, env=env, capture_output=True, text=True, timeout=120, **kw)


def test_the_wheel_carries_every_part_and_its_assets(installed):
    venv, tmp, env = installed
    out = _run(venv, tmp, env, str(venv / "bin" / "python"), "-c",
               "import kiosk, sync, print_notices, carekiosk_assets, sync.assets as a;"
               "print(kiosk.__file__); print(carekiosk_assets.__file__);"
               "print(a.asset_path('fonts', 'AtkinsonHyperlegible-Regular.ttf').is_file());"
               "print(a.asset_path('locale').is_dir()); print(a.asset_path('wordlists').is_dir())")
    assert out.returncode == 0, out.stderr
    kiosk_file, assets_file, font, locale, words = out.stdout.split()
    for path in (kiosk_file, assets_file):
        assert str(venv) in path and not path.startswith(str(REPO))
    assert (font, locale, words) == ("True", "True", "True")


def test_a_leaflet_prints_from_the_installed_wheel(installed):
    from pypdf import PdfReader

    venv, tmp, env = installed
    out = _run(venv, tmp, env, str(venv / "bin" / "carekiosk"), "print", "leaflet", "--out", str(tmp / "leaflet.pdf"))
    assert out.returncode == 0, out.stderr
    reader = PdfReader(tmp / "leaflet.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Tell us your story" in text
    fonts = {str(f.get("/BaseFont")) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("AtkinsonHyperlegible" in f for f in fonts), fonts


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs the virtual screen the test command starts")
def test_a_kiosk_screen_loads_its_fonts_from_the_installed_wheel(installed):
    venv, tmp, env = installed
    script = (
        "import os; os.environ['KIVY_NO_ARGS'] = '1'\n"
        "from kiosk.app import configure_kivy; configure_kivy(windowed=True, size=(400, 300))\n"
        "from kivy.core.window import Window\n"  # SDL's text renderer needs the window open
        "from kiosk.app import SCREENS, register_fonts\n"
        "import kiosk, pathlib; kv = pathlib.Path(kiosk.__file__).parent / 'screens' / SCREENS['welcome'][2][0]\n"
        "print(kv.is_file())\n"
        "register_fonts()\n"
        "from kivy.core.text import Label, LabelBase\n"
        "label = Label(text='Croeso ŵ ŷ', font_name='DejaVuSans', font_size=40); label.refresh()\n"
        "atk = Label(text='Welcome', font_name='Atkinson', font_size=40); atk.refresh()\n"
        "print(label.texture.size[0] > 50, atk.texture.size[0] > 50)\n"
        "import kiosk.fonts as f; print(f.font_for('Croeso'), f.font_for('Dŵr'))\n"
        "print(LabelBase._fonts['Atkinson'][0])\n"
    )
    env = dict(env, DISPLAY=os.environ["DISPLAY"], KIVY_HOME=str(tmp / "kivy"))
    out = _run(venv, tmp, env, str(venv / "bin" / "python"), "-c", script)
    assert out.returncode == 0, out.stderr[-2000:]
    *_, kv, dejavu, atkinson, primary, fallback, font_file = out.stdout.split()
    assert [kv, dejavu, atkinson, primary, fallback] == ["True", "True", "True", "Atkinson", "DejaVuSans"], out.stdout
    assert font_file.startswith(str(venv)) and font_file.endswith("AtkinsonHyperlegible-Regular.ttf")
