#!/usr/bin/python3
"""PNG helpers for tests/browser/run, standard library only.

  png.py make FILE          write the test image: 160x120, orange with a
                            blue diagonal band (colours check.py looks for)
  png.py check FILE         decode a screenshot and check that the page's
                            stylesheet background and the image both show
"""
import struct
import sys
import zlib

ORANGE = (250, 128, 20)     # the image
BLUE = (20, 60, 200)        # the image's band
BG = (18, 52, 86)           # body background, from style.css
W, H = 160, 120


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def make(path):
    rows = []
    for y in range(H):
        row = bytearray([0])
        for x in range(W):
            row += bytes(BLUE if abs(x - y * W // H) < 12 else ORANGE)
        rows.append(bytes(row))
    data = b"\x89PNG\r\n\x1a\n"
    data += chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
    data += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, type {ctype})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    pixels = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 0xFF
        pixels.extend(tuple(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return w, h, pixels


def near(p, q, tol=6):
    return all(abs(a - b) <= tol for a, b in zip(p, q))


def check(path):
    w, h, pixels = decode(path)
    total = len(pixels)
    bg = sum(1 for p in pixels if near(p, BG))
    orange = sum(1 for p in pixels if near(p, ORANGE))
    blue = sum(1 for p in pixels if near(p, BLUE))
    colours = len(set(pixels))
    print(f"screenshot {w}x{h}: {colours} colours, stylesheet background "
          f"{100 * bg // total}%, image orange {orange} px, blue {blue} px")
    ok = True
    if bg < total // 3:
        print("FAIL: the stylesheet's background does not fill the page")
        ok = False
    if orange < W * H // 2 or blue < W * 10:
        print("FAIL: the image is not on the page")
        ok = False
    if colours < 3:
        print("FAIL: the page has almost no content (no text rendered?)")
        ok = False
    return ok


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "check"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(0 if check(sys.argv[2]) else 1)


if __name__ == "__main__":
    main()
