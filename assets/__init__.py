"""Fonts, word lists, icons and translation catalogues, shared by the kiosk, the PDFs and the texts.

Installed as the package ``carekiosk_assets`` (see ``pyproject.toml``), so every part finds them the
same way from a checkout or a wheel: :func:`sync.assets.asset_path`. Each folder says where its
files come from and under which licence.
"""
