"""QR codes drawn as vector rectangles (crisp at any printer resolution, identical bytes every time)."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.platypus import Flowable


def matrix(url: str) -> list[list[bool]]:
    """The QR module matrix for ``url`` (medium error correction survives a scuffed noticeboard)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


class QrCode(Flowable):
    """A ``size`` × ``size`` point QR code including the white quiet zone scanners need."""

    def __init__(self, url: str, size: float, *, quiet_modules: int = 4):
        super().__init__()
        self.url = url
        self.size = size
        self.quiet = quiet_modules
        self.cells = matrix(url)
        self.width = self.height = size

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        n = len(self.cells) + 2 * self.quiet
        module = self.size / n
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for y, row in enumerate(self.cells):
            x = 0
            while x < len(row):  # one rectangle per horizontal run: small PDFs, no hairline gaps
                if row[x]:
                    start = x
                    while x < len(row) and row[x]:
                        x += 1
                    path.rect((start + self.quiet) * module, self.size - (y + 1 + self.quiet) * module,
                              (x - start) * module, module)
                else:
                    x += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def qr_drawing(url: str, size: float) -> QrCode:
    return QrCode(url, size)
