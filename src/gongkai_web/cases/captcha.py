"""A locally drawn image captcha for the public form (no outside service).

The answer lives in the server-side session; the image is drawn with Pillow from its default
font, with jitter and noise lines so that the text is not trivially machine-read.
"""

from __future__ import annotations

import io
import secrets

from django.http import HttpRequest
from PIL import Image, ImageDraw, ImageFont

SESSION_KEY = "gongkai_captcha"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
LENGTH = 5


def new_answer(request: HttpRequest) -> str:
    answer = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    request.session[SESSION_KEY] = answer
    return answer


def check(request: HttpRequest, given: str) -> bool:
    expected = request.session.pop(SESSION_KEY, None)  # one try per image
    return bool(expected) and given.strip().upper() == expected


def draw(answer: str) -> bytes:
    width, height = 150, 50
    image = Image.new("RGB", (width, height), (245, 246, 248))
    pen = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    rand = secrets.SystemRandom()
    for _ in range(6):
        pen.line(
            [(rand.randint(0, width), rand.randint(0, height)) for _ in range(2)],
            fill=(rand.randint(120, 200),) * 3,
            width=1,
        )
    for i, char in enumerate(answer):
        colour = (rand.randint(0, 90), rand.randint(0, 90), rand.randint(60, 140))
        pen.text(
            (10 + i * 27 + rand.randint(-3, 3), 6 + rand.randint(-4, 4)),
            char,
            font=font,
            fill=colour,
        )
    for _ in range(120):
        pen.point((rand.randint(0, width - 1), rand.randint(0, height - 1)), fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
