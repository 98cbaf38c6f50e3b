#!/usr/bin/env python3
"""Regenerates the small committed fixtures of MosaicMediaTests (Pillow only; run from any directory).

gps.jpg           400x300 photo-like gradient carrying EXIF with a GPS position, camera make/model and XMP.
orientation6.jpg  stored 400x240 (left half red, right half blue) with EXIF Orientation=6, so upright it is
                  240x400 with red on top and blue below.
truncated.jpg     the first 55 % of a 400x300 JPEG.
bomb.png          a valid PNG header claiming 100,000 x 100,000 RGB pixels with a tiny zlib bomb IDAT.
random.jpg        4,096 pseudo-random bytes (fixed seed) named .jpg.
"""
import io, os, random, struct, zlib
from fractions import Fraction
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))

def gradient(w, h):
    img = Image.new("RGB", (w, h))
    px = img.load()
    for y in range(h):
        for x in range(w):
            px[x, y] = (x * 255 // w, y * 255 // h, (x + y) * 127 // (w + h) + 64)
    return img

def rational(v):
    return Fraction(v).limit_denominator(10000)

def gps_jpeg():
    img = gradient(400, 300)
    exif = Image.Exif()
    exif[0x010F] = "MosaicTestCam"          # Make
    exif[0x0110] = "Model X"                # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"; gps[2] = (rational(48), rational(51), rational(29.9))   # 48°51'29.9" N
    gps[3] = "E"; gps[4] = (rational(2), rational(17), rational(40.2))    # 2°17'40.2" E
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>MosaicSecretXMP</x:xmpmeta>'
    img.save(os.path.join(HERE, "gps.jpg"), quality=85, exif=exif, xmp=xmp)

def orientation6_jpeg():
    img = Image.new("RGB", (400, 240), (230, 20, 20))
    img.paste((20, 20, 230), (200, 0, 400, 240))
    exif = Image.Exif()
    exif[0x0112] = 6
    img.save(os.path.join(HERE, "orientation6.jpg"), quality=90, exif=exif)

def truncated_jpeg():
    buf = io.BytesIO()
    gradient(400, 300).save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    with open(os.path.join(HERE, "truncated.jpg"), "wb") as f:
        f.write(data[: len(data) * 55 // 100])

def bomb_png():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    width = height = 100_000
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # A few rows of zeros compress to almost nothing; a decoder that trusted the header would allocate 30 GB.
    idat = zlib.compress(b"\x00" * (1 + width * 3) * 8, 9)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    with open(os.path.join(HERE, "bomb.png"), "wb") as f:
        f.write(data)

def random_bytes():
    rng = random.Random(20261125)
    data = bytes(rng.randrange(256) for _ in range(4096))
    assert data[:2] != b"\xff\xd8"
    with open(os.path.join(HERE, "random.jpg"), "wb") as f:
        f.write(data)

if __name__ == "__main__":
    gps_jpeg(); orientation6_jpeg(); truncated_jpeg(); bomb_png(); random_bytes()
