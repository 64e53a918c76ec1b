"""Product drawings for scripts/make-assets where Debian's openclipart-svg has nothing that fits.

Each function returns the text of an SVG drawn here (public domain, like the rest of the media):
flat product illustrations with gradients, parameterised by the colours of the product's variant
and, for motion, by a few numbers (a highlight's position, a lid's angle). Nothing here is random:
patterns use fixed coordinates, so the output is the same on every run.
"""

import math


def hex_rgb(c):
    c = c.lstrip("#")
    return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))


def rgb_hex(rgb):
    return "#%02x%02x%02x" % tuple(max(0, min(255, round(v))) for v in rgb)


def mix(a, b, t):
    """`a` moved a fraction `t` towards `b` (hex colours)."""
    ra, rb = hex_rgb(a), hex_rgb(b)
    return rgb_hex([x + (y - x) * t for x, y in zip(ra, rb)])


def light(c, t):
    return mix(c, "#ffffff", t)


def dark(c, t):
    return mix(c, "#000000", t)


def svg(width, height, body, defs=""):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f"<defs>{defs}</defs>{body}</svg>")


def linear(gid, stops, x1=0, y1=0, x2=1, y2=0):
    s = "".join(f'<stop offset="{o}" stop-color="{c}"' + (f' stop-opacity="{a}"' if a is not None else "") + "/>"
                for o, c, a in [(st + (None,))[:3] for st in stops])
    return f'<linearGradient id="{gid}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}">{s}</linearGradient>'


def radial(gid, stops, cx=0.5, cy=0.5, r=0.5, fx=None, fy=None):
    s = "".join(f'<stop offset="{o}" stop-color="{c}"' + (f' stop-opacity="{a}"' if a is not None else "") + "/>"
                for o, c, a in [(st + (None,))[:3] for st in stops])
    f = f' fx="{fx}" fy="{fy}"' if fx is not None else ""
    return f'<radialGradient id="{gid}" cx="{cx}" cy="{cy}" r="{r}"{f}>{s}</radialGradient>'


def cylinder(gid, base, highlight=0.3, vertical=False):
    """A gradient that shades a cylinder: dark edges, a bright band at `highlight` (0..1)."""
    h = max(0.08, min(0.92, highlight))
    stops = [(0, dark(base, 0.35)), (max(0.0, h - 0.22), base), (h, light(base, 0.55)),
             (min(1.0, h + 0.12), light(base, 0.15)), (min(1.0, h + 0.35), base), (1, dark(base, 0.45))]
    stops = sorted(stops, key=lambda s: s[0])
    return linear(gid, stops, 0, 0, (0 if vertical else 1), (1 if vertical else 0))


# --- Hair accessories --------------------------------------------------------------------------

# Tortoiseshell: a few large blotches (they must still read at 24 cells wide), fixed positions.
TORTOISE_SPOTS = [(70, 80, 34, 18), (165, 60, 30, 16), (260, 70, 36, 17), (345, 110, 22, 14),
                  (60, 200, 20, 40), (150, 230, 18, 44), (245, 215, 22, 46), (330, 235, 18, 40),
                  (105, 330, 14, 30), (200, 320, 14, 30), (290, 330, 14, 28)]


def claw_clip(colour, pattern=None, highlight=0.35):
    """A large claw clip seen from the front: an arched spine with the hinge at each end and two
    interlocking rows of curved, tapered teeth."""
    base = colour
    defs = cylinder("spine", base, highlight, vertical=True) + linear(
        "tooth", [(0, dark(base, 0.3)), (highlight, light(base, 0.35)), (1, dark(base, 0.35))])
    defs += linear("back", [(0, dark(base, 0.6)), (1, dark(base, 0.4))], 0, 0, 0, 1)
    edge = dark(base, 0.55)
    spine_path = "M20,150 C40,60 120,30 200,30 C280,30 360,60 380,150 L352,168 C330,100 270,78 200,78 C130,78 70,100 48,168 Z"
    teeth_back, teeth_front = [], []
    for k in range(4):  # back row, between the front teeth, curling the other way
        x = 96 + k * 70
        top = 150 - 70 * math.sin(math.pi * (x - 20) / 360)
        teeth_back.append(f'<path d="M{x - 22},{top + 20} C{x - 26},{top + 120} {x - 14},{top + 190} {x + 20},{top + 232} '
                          f'C{x + 32},{top + 242} {x + 40},{top + 230} {x + 32},{top + 214} C{x + 18},{top + 170} {x + 18},{top + 110} '
                          f'{x + 22},{top + 20} Z" fill="url(#back)" stroke="{edge}" stroke-width="2"/>')
    for k in range(5):
        x = 62 + k * 70
        top = 150 - 70 * math.sin(math.pi * (x - 20) / 360)
        teeth_front.append(f'<path d="M{x - 29},{top + 10} C{x - 31},{top + 110} {x - 36},{top + 180} {x - 58},{top + 236} '
                           f'C{x - 64},{top + 252} {x - 42},{top + 262} {x - 28},{top + 248} C{x + 4},{top + 200} {x + 24},{top + 120} '
                           f'{x + 29},{top + 10} Z" fill="url(#tooth)" stroke="{edge}" stroke-width="2.5"/>')
    spots = ""
    if pattern == "tortoise":
        spot = dark(base, 0.55)
        amber = light(base, 0.3)
        spots = "".join(f'<ellipse cx="{x}" cy="{y}" rx="{rx}" ry="{ry}" fill="{spot if i % 3 else amber}" '
                        f'opacity="0.85" transform="rotate({(i * 37) % 60 - 30} {x} {y})"/>'
                        for i, (x, y, rx, ry) in enumerate(TORTOISE_SPOTS))
        defs += (f'<clipPath id="clipshape"><path d="{spine_path}"/>'
                 + "".join(t.replace('fill="url(#tooth)"', "") for t in teeth_front) + "</clipPath>")
        spots = f'<g clip-path="url(#clipshape)">{spots}</g>'
    spine = (f'<path d="{spine_path}" fill="url(#spine)" stroke="{edge}" stroke-width="3"/>'
             f'<path d="M60,120 C90,70 150,52 200,52 C250,52 300,62 330,90" stroke="#ffffff" stroke-width="9" '
             f'fill="none" opacity="0.3" stroke-linecap="round"/>')
    hinge = (f'<circle cx="34" cy="158" r="20" fill="{dark(base, 0.45)}" stroke="{edge}" stroke-width="3"/>'
             f'<circle cx="366" cy="158" r="20" fill="{dark(base, 0.45)}" stroke="{edge}" stroke-width="3"/>'
             f'<circle cx="34" cy="158" r="7" fill="{light(base, 0.4)}"/><circle cx="366" cy="158" r="7" fill="{light(base, 0.4)}"/>')
    return svg(400, 420, "".join(teeth_back) + "".join(teeth_front) + spine + spots + hinge, defs)


def scrunchie(colour, highlight=0.35):
    """A ruffled silk scrunchie: a wavy ring with satin sheen."""
    defs = radial("silk", [(0, light(colour, 0.35)), (0.55, colour), (1, dark(colour, 0.35))],
                  cx=highlight + 0.15, cy=0.35, r=0.75)
    defs += linear("sheen", [(0, "#ffffff", 0), (0.5, "#ffffff", 0.55), (1, "#ffffff", 0)], 0, 0, 1, 1)
    cx, cy = 200, 200
    outer, inner = [], []
    for i in range(181):
        a = 2 * math.pi * i / 180
        r_out = 170 + 14 * math.sin(a * 14) + 6 * math.sin(a * 5)
        r_in = 70 + 8 * math.sin(a * 14 + 1.2)
        outer.append(f"{cx + r_out * math.cos(a):.1f},{cy + 0.82 * r_out * math.sin(a):.1f}")
        inner.append(f"{cx + r_in * math.cos(-a):.1f},{cy + 0.82 * r_in * math.sin(-a):.1f}")
    ring = f'<path d="M{" L".join(outer)} Z M{" L".join(inner)} Z" fill="url(#silk)" fill-rule="evenodd" stroke="{dark(colour, 0.4)}" stroke-width="2"/>'
    folds = ""
    for k in range(14):
        a = 2 * math.pi * (k + 0.25) / 14
        x1, y1 = cx + 82 * math.cos(a), cy + 0.82 * 82 * math.sin(a)
        x2, y2 = cx + 172 * math.cos(a + 0.1), cy + 0.82 * 172 * math.sin(a + 0.1)
        folds += (f'<path d="M{x1:.1f},{y1:.1f} Q{(x1 + x2) / 2 + 18 * math.cos(a + 1.6):.1f},'
                  f'{(y1 + y2) / 2 + 18 * math.sin(a + 1.6):.1f} {x2:.1f},{y2:.1f}" stroke="{dark(colour, 0.3)}" '
                  f'stroke-width="5" fill="none" opacity="0.45" stroke-linecap="round"/>')
        folds += (f'<path d="M{x1 + 8:.1f},{y1:.1f} Q{(x1 + x2) / 2 + 26 * math.cos(a + 1.6):.1f},'
                  f'{(y1 + y2) / 2 + 26 * math.sin(a + 1.6):.1f} {x2 + 6:.1f},{y2:.1f}" stroke="#ffffff" '
                  f'stroke-width="4" fill="none" opacity="0.28" stroke-linecap="round"/>')
    return svg(400, 400, ring + folds, defs)


def scrunchie_stack(colours, highlight=0.35):
    """Three scrunchies, one on another (the 3-pack)."""
    parts = []
    for i, c in enumerate(colours):
        inner = scrunchie(c, highlight).split("<defs>", 1)[1]
        defs, body = inner.split("</defs>", 1)
        body = body.replace("</svg>", "")
        defs = defs.replace('id="silk"', f'id="silk{i}"').replace('id="sheen"', f'id="sheen{i}"')
        body = body.replace("url(#silk)", f"url(#silk{i})").replace("url(#sheen)", f"url(#sheen{i})")
        parts.append((defs, f'<g transform="translate({20 + i * 10},{260 - i * 120}) scale(0.9)">{body}</g>'))
    return svg(420, 640, "".join(p[1] for p in parts), "".join(p[0] for p in parts))


def crystal_clip(tint, sparkle=0.0):
    """A clear acrylic snap clip with a faceted crystal on top; `sparkle` 0..1 moves the glint."""
    glass = tint
    defs = linear("acrylic", [(0, light(glass, 0.6), 0.85), (0.5, glass, 0.55), (1, light(glass, 0.4), 0.9)], 0, 0, 0, 1)
    defs += linear("gem", [(0, "#ffffff"), (0.45, light(glass, 0.45)), (1, dark(glass, 0.15))], 0, 0, 1, 1)
    body = (f'<path d="M30,150 C80,120 320,120 370,150 L370,176 C320,150 80,150 30,176 Z" fill="url(#acrylic)" '
            f'stroke="{dark(glass, 0.35)}" stroke-width="3"/>'
            f'<path d="M40,180 C90,160 310,160 360,180 L356,196 C310,180 90,180 44,196 Z" fill="{dark(glass, 0.1)}" '
            f'opacity="0.75" stroke="{dark(glass, 0.4)}" stroke-width="2"/>')
    cx, cy = 200, 112
    facets = [((cx - 70, cy), (cx - 40, cy - 42), (cx, cy - 10)), ((cx - 40, cy - 42), (cx + 40, cy - 42), (cx, cy - 10)),
              ((cx + 40, cy - 42), (cx + 70, cy), (cx, cy - 10)), ((cx - 70, cy), (cx, cy - 10), (cx, cy + 62)),
              ((cx + 70, cy), (cx, cy - 10), (cx, cy + 62))]
    shades = [light(glass, 0.7), "#ffffff", light(glass, 0.5), glass, dark(glass, 0.15)]
    gem = "".join(f'<polygon points="{" ".join(f"{x},{y}" for x, y in f)}" fill="{s}" stroke="{dark(glass, 0.35)}" stroke-width="2" stroke-linejoin="round"/>'
                  for f, s in zip(facets, shades))
    prong = f'<rect x="{cx - 80}" y="{cy - 6}" width="160" height="12" rx="6" fill="#d9c27a" stroke="#9b8340" stroke-width="2"/>'
    sx = cx - 60 + 120 * sparkle
    glint = (f'<g opacity="{0.35 + 0.65 * math.sin(math.pi * sparkle):.2f}"><path d="M{sx},{cy - 60} L{sx + 5},{cy - 30} '
             f'L{sx + 30},{cy - 25} L{sx + 5},{cy - 20} L{sx},{cy + 10} L{sx - 5},{cy - 20} L{sx - 30},{cy - 25} '
             f'L{sx - 5},{cy - 30} Z" fill="#ffffff"/></g>')
    return svg(400, 220, body + prong + gem + glint, defs)


def butterfly(colour, flap=1.0):
    """An enamel butterfly with a gold-tone outline; `flap` (0.3..1) narrows the wings."""
    wing = colour
    defs = radial("wingfill", [(0, light(wing, 0.55)), (0.6, wing), (1, dark(wing, 0.35))], cx=0.3, cy=0.4, r=0.8)
    gold = "#c9a24a"
    upper = "M0,0 C-30,-90 -150,-130 -170,-60 C-185,-10 -120,20 -20,10 Z"
    lower = "M0,6 C-60,20 -140,60 -110,120 C-90,160 -30,110 -6,30 Z"
    dots = '<circle cx="-110" cy="-55" r="14" fill="#ffffff" opacity="0.7"/><circle cx="-75" cy="70" r="10" fill="#ffffff" opacity="0.6"/>'
    half = (f'<path d="{upper}" fill="url(#wingfill)" stroke="{gold}" stroke-width="7" stroke-linejoin="round"/>'
            f'<path d="{lower}" fill="url(#wingfill)" stroke="{gold}" stroke-width="7" stroke-linejoin="round"/>{dots}')
    body = (f'<g transform="translate(200,170)">'
            f'<g transform="scale({flap:.3f},1)">{half}</g><g transform="scale({-flap:.3f},1)">{half}</g>'
            f'<ellipse cx="0" cy="20" rx="12" ry="62" fill="{gold}" stroke="#8a6a22" stroke-width="3"/>'
            f'<path d="M-4,-38 C-20,-80 -40,-92 -52,-96 M4,-38 C20,-80 40,-92 52,-96" stroke="#8a6a22" stroke-width="4" fill="none"/>'
            f'<circle cx="-52" cy="-96" r="6" fill="{gold}"/><circle cx="52" cy="-96" r="6" fill="{gold}"/></g>')
    return svg(400, 320, body, defs)


def bobby_pin(length=360):
    """A slim gold-tone bobby pin, drawn horizontally."""
    gold, edge = "#d4b063", "#8a6a22"
    waves = " ".join(f"Q{40 + 30 * k + 15},{(18 if k % 2 else 4)} {40 + 30 * (k + 1)},11" for k in range(int((length - 80) / 30)))
    return svg(length + 20, 40,
               f'<path d="M10,20 L{length},20" stroke="{edge}" stroke-width="9" stroke-linecap="round"/>'
               f'<path d="M10,20 L{length},20" stroke="{gold}" stroke-width="5" stroke-linecap="round"/>'
               f'<path d="M{length},20 C{length + 12},20 {length + 12},9 {length},9 L40,11 {waves}" stroke="{edge}" '
               f'stroke-width="7" fill="none" stroke-linecap="round"/>'
               f'<path d="M{length},20 C{length + 12},20 {length + 12},9 {length},9 L40,11 {waves}" stroke="{gold}" '
               f'stroke-width="3.5" fill="none" stroke-linecap="round"/>')


def tiara_headband(band="#e8c0a8"):
    """A padded satin headband (an arc) with a small gold crown at its top."""
    defs = linear("pad", [(0, dark(band, 0.25)), (0.5, light(band, 0.35)), (1, dark(band, 0.3))], 0, 0, 0, 1)
    defs += linear("goldc", [(0, "#fff0b0"), (0.5, "#e0b440"), (1, "#a27a1c")], 0, 0, 0, 1)
    arc = (f'<path d="M40,470 C20,200 160,110 250,110 C340,110 480,200 460,470" stroke="{dark(band, 0.45)}" '
           f'stroke-width="64" fill="none" stroke-linecap="round"/>'
           f'<path d="M40,470 C20,200 160,110 250,110 C340,110 480,200 460,470" stroke="url(#pad)" '
           f'stroke-width="56" fill="none" stroke-linecap="round"/>'
           f'<path d="M58,430 C44,220 170,132 250,132" stroke="#ffffff" stroke-width="8" fill="none" opacity="0.35" stroke-linecap="round"/>')
    crown = ('<path d="M160,120 L150,30 L195,75 L250,10 L305,75 L350,30 L340,120 Z" fill="url(#goldc)" '
             'stroke="#8a6516" stroke-width="5" stroke-linejoin="round"/>'
             '<rect x="155" y="104" width="190" height="26" rx="8" fill="url(#goldc)" stroke="#8a6516" stroke-width="4"/>'
             '<circle cx="150" cy="30" r="11" fill="#fff4c8" stroke="#8a6516" stroke-width="3"/>'
             '<circle cx="250" cy="10" r="13" fill="#fff4c8" stroke="#8a6516" stroke-width="3"/>'
             '<circle cx="350" cy="30" r="11" fill="#fff4c8" stroke="#8a6516" stroke-width="3"/>'
             '<circle cx="250" cy="80" r="14" fill="#d23a5a" stroke="#7a1a2a" stroke-width="3"/>'
             '<circle cx="200" cy="117" r="7" fill="#5aa0e0"/><circle cx="300" cy="117" r="7" fill="#5aa0e0"/>'
             '<circle cx="250" cy="117" r="7" fill="#ffffff"/>')
    return svg(500, 520, arc + crown, defs)


def hair_pin_stem(length=420):
    """A stainless hair stick (a tapered stem) drawn on the diagonal, for the sakura pin."""
    defs = linear("steel", [(0, "#8c939b"), (0.4, "#f4f6f8"), (1, "#6d737a")], 0, 0, 1, 1)
    return svg(length, length,
               f'<path d="M30,20 L48,14 L{length - 20},{length - 30} L{length - 30},{length - 20} Z" fill="url(#steel)" '
               f'stroke="#4d535a" stroke-width="3" stroke-linejoin="round"/>'
               f'<circle cx="{length - 25}" cy="{length - 25}" r="9" fill="#4d535a"/>', defs)


# --- Audio ---------------------------------------------------------------------------------------

def earbuds_case(shell, lid_angle=0.0, part="all"):
    """A pebble-shaped charging case; `part` is "base", "lid" or "all" (closed)."""
    defs = radial("pebble", [(0, light(shell, 0.6)), (0.6, shell), (1, dark(shell, 0.22))], cx=0.35, cy=0.3, r=0.8)
    base = (f'<path d="M30,150 C30,250 110,290 200,290 C290,290 370,250 370,150 Z" fill="url(#pebble)" '
            f'stroke="{dark(shell, 0.35)}" stroke-width="3"/>'
            f'<circle cx="200" cy="230" r="6" fill="#58d68d"/>')
    lid = (f'<path d="M30,150 C30,60 110,30 200,30 C290,30 370,60 370,150 Z" fill="url(#pebble)" '
           f'stroke="{dark(shell, 0.35)}" stroke-width="3"/>'
           f'<path d="M80,90 C120,58 200,50 250,56" stroke="#ffffff" stroke-width="10" fill="none" opacity="0.55" stroke-linecap="round"/>')
    seam = f'<path d="M30,150 L370,150" stroke="{dark(shell, 0.4)}" stroke-width="3"/>'
    if part == "base":
        return svg(400, 320, base + seam, defs)
    if part == "lid":
        return svg(400, 320, lid, defs)
    return svg(400, 320, base + lid + seam, defs)


def earbud(shell, mirror=False):
    """One true-wireless earbud from the side: a rounded bean with a small silicone tip on its
    outer edge and a stem pointing down."""
    defs = radial("bud", [(0, light(shell, 0.7)), (0.6, shell), (1, dark(shell, 0.25))], cx=0.35, cy=0.3, r=0.8)
    body = (f'<path d="M70,40 C120,10 190,40 190,100 C190,150 150,170 130,175 L128,290 C128,312 96,312 94,290 '
            f'L88,170 C50,160 30,130 32,96 C34,70 48,52 70,40 Z" fill="url(#bud)" stroke="{dark(shell, 0.35)}" stroke-width="3"/>'
            f'<ellipse cx="44" cy="104" rx="20" ry="30" fill="{dark(shell, 0.18)}" stroke="{dark(shell, 0.4)}" stroke-width="3"/>'
            f'<ellipse cx="120" cy="70" rx="28" ry="14" fill="#ffffff" opacity="0.65"/>'
            f'<rect x="104" y="250" width="14" height="24" rx="6" fill="{dark(shell, 0.25)}"/>')
    if mirror:
        body = f'<g transform="translate(220,0) scale(-1,1)">{body}</g>'
    return svg(220, 320, body, defs)


# --- Home ----------------------------------------------------------------------------------------

def projection_lamp(body="#e9e4dc"):
    """A round projection lamp on a short stand, its lens towards the viewer."""
    defs = radial("shell", [(0, light(body, 0.6)), (0.7, body), (1, dark(body, 0.3))], cx=0.35, cy=0.3, r=0.8)
    defs += radial("lens", [(0, "#fff6d0"), (0.4, "#ffb347"), (1, "#c4411e")], cx=0.45, cy=0.4, r=0.6)
    parts = (f'<path d="M170,330 L230,330 L250,470 L150,470 Z" fill="{dark(body, 0.2)}" stroke="{dark(body, 0.45)}" stroke-width="3"/>'
             f'<ellipse cx="200" cy="480" rx="120" ry="26" fill="{dark(body, 0.15)}" stroke="{dark(body, 0.45)}" stroke-width="3"/>'
             f'<circle cx="200" cy="200" r="150" fill="url(#shell)" stroke="{dark(body, 0.45)}" stroke-width="4"/>'
             f'<circle cx="200" cy="200" r="92" fill="#3b3a3a"/>'
             f'<circle cx="200" cy="200" r="78" fill="url(#lens)"/>'
             f'<ellipse cx="176" cy="168" rx="24" ry="14" fill="#ffffff" opacity="0.75"/>')
    return svg(400, 520, parts, defs)


def cloud_mug(glaze, highlight=0.3):
    """A stoneware mug whose handle is a puffy cloud."""
    defs = cylinder("glaze", glaze, highlight)
    defs += radial("cloud", [(0, "#ffffff"), (0.7, light(glaze, 0.75)), (1, light(glaze, 0.35))], cx=0.4, cy=0.35, r=0.7)
    mug = (f'<path d="M40,70 L40,360 C40,400 80,420 180,420 C280,420 320,400 320,360 L320,70 Z" fill="url(#glaze)" '
           f'stroke="{dark(glaze, 0.4)}" stroke-width="4"/>'
           f'<ellipse cx="180" cy="70" rx="140" ry="30" fill="{light(glaze, 0.2)}" stroke="{dark(glaze, 0.4)}" stroke-width="4"/>'
           f'<ellipse cx="180" cy="74" rx="122" ry="22" fill="#6b4423"/>'
           f'<ellipse cx="160" cy="70" rx="60" ry="8" fill="#8a5a30" opacity="0.8"/>')
    puffs = [(370, 130, 44), (400, 190, 46), (380, 255, 48), (340, 300, 40), (420, 240, 36), (330, 110, 30)]
    cloud = "".join(f'<circle cx="{x}" cy="{y}" r="{r}" fill="url(#cloud)" stroke="{dark(glaze, 0.3)}" stroke-width="3"/>' for x, y, r in puffs)
    cloud += "".join(f'<circle cx="{x}" cy="{y}" r="{r - 3}" fill="url(#cloud)"/>' for x, y, r in puffs)
    face = (f'<circle cx="140" cy="230" r="9" fill="{dark(glaze, 0.6)}"/><circle cx="220" cy="230" r="9" fill="{dark(glaze, 0.6)}"/>'
            f'<path d="M160,262 Q180,280 200,262" stroke="{dark(glaze, 0.6)}" stroke-width="6" fill="none" stroke-linecap="round"/>'
            f'<ellipse cx="120" cy="256" rx="16" ry="9" fill="#ff9aa8" opacity="0.6"/><ellipse cx="240" cy="256" rx="16" ry="9" fill="#ff9aa8" opacity="0.6"/>')
    return svg(480, 440, cloud + mug + face, defs)


def tumbler(colour, highlight=0.3):
    """A 40 oz insulated tumbler: tapered cup, handle, lid and straw."""
    defs = cylinder("steel", colour, highlight)
    defs += cylinder("lidg", dark(colour, 0.05) if colour != "#2b2b2e" else "#3a3a3e", highlight)
    handle = (f'<path d="M300,150 C400,150 410,170 410,260 C410,350 400,380 330,380" stroke="{dark(colour, 0.45)}" '
              f'stroke-width="44" fill="none" stroke-linecap="round"/>'
              f'<path d="M300,150 C400,150 410,170 410,260 C410,350 400,380 330,380" stroke="{colour}" '
              f'stroke-width="34" fill="none" stroke-linecap="round"/>')
    cup = (f'<path d="M60,130 L330,130 L300,560 C298,590 270,600 195,600 C120,600 92,590 90,560 Z" fill="url(#steel)" '
           f'stroke="{dark(colour, 0.45)}" stroke-width="4"/>'
           f'<path d="M64,170 L326,170" stroke="{dark(colour, 0.3)}" stroke-width="3" opacity="0.6"/>'
           f'<rect x="135" y="300" width="120" height="44" rx="10" fill="{light(colour, 0.45)}" opacity="0.55"/>'
           f'<text x="195" y="330" font-family="DejaVu Sans" font-size="22" font-weight="bold" text-anchor="middle" '
           f'fill="{dark(colour, 0.5)}">TRAILHEAD</text>')
    lid = (f'<rect x="50" y="92" width="290" height="46" rx="14" fill="url(#lidg)" stroke="{dark(colour, 0.5)}" stroke-width="4"/>'
           f'<ellipse cx="195" cy="92" rx="140" ry="16" fill="{light(colour, 0.25)}" stroke="{dark(colour, 0.5)}" stroke-width="3"/>')
    straw = (f'<path d="M205,96 L225,10 L250,0" stroke="{dark(colour, 0.3)}" stroke-width="22" fill="none" stroke-linecap="round"/>'
             f'<path d="M205,96 L225,10 L250,0" stroke="{light(colour, 0.3)}" stroke-width="14" fill="none" stroke-linecap="round"/>')
    return svg(440, 610, straw + handle + cup + lid, defs)


def desk_lamp(colour):
    """A bendy arm desk lamp: round base, gooseneck arm, cone shade, a warm bulb."""
    defs = radial("shade", [(0, light(colour, 0.45)), (0.7, colour), (1, dark(colour, 0.35))], cx=0.35, cy=0.3, r=0.8)
    defs += radial("bulbglow", [(0, "#fffbe0"), (0.5, "#ffe9a0", 0.8), (1, "#ffd060", 0)])
    neck = "M200,560 C190,420 120,330 170,230 C210,150 300,130 340,170"
    ribs = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="14" fill="{colour}" stroke="{dark(colour, 0.4)}" stroke-width="2"/>'
                   for x, y in bezier_points((200, 560), (190, 420), (120, 330), (170, 230), 14)
                   + bezier_points((170, 230), (210, 150), (300, 130), (340, 170), 8))
    base = (f'<ellipse cx="200" cy="580" rx="150" ry="34" fill="{dark(colour, 0.3)}"/>'
            f'<ellipse cx="200" cy="570" rx="150" ry="34" fill="url(#shade)" stroke="{dark(colour, 0.45)}" stroke-width="3"/>'
            f'<rect x="300" y="560" width="26" height="12" rx="3" fill="#222"/>')
    shade = (f'<g transform="rotate(35 360 200)"><path d="M300,170 L420,170 L480,300 L240,300 Z" fill="url(#shade)" '
             f'stroke="{dark(colour, 0.45)}" stroke-width="4" stroke-linejoin="round"/>'
             f'<ellipse cx="360" cy="300" rx="120" ry="22" fill="#fff3c4" stroke="{dark(colour, 0.45)}" stroke-width="3"/>'
             f'<circle cx="360" cy="312" r="42" fill="url(#bulbglow)"/></g>')
    return svg(560, 620, f'<path d="{neck}" stroke="{dark(colour, 0.4)}" stroke-width="30" fill="none"/>' + ribs + base + shade, defs)


def bezier_points(p0, p1, p2, p3, n):
    out = []
    for i in range(n + 1):
        t = i / n
        x = (1 - t) ** 3 * p0[0] + 3 * (1 - t) ** 2 * t * p1[0] + 3 * (1 - t) * t ** 2 * p2[0] + t ** 3 * p3[0]
        y = (1 - t) ** 3 * p0[1] + 3 * (1 - t) ** 2 * t * p1[1] + 3 * (1 - t) * t ** 2 * p2[1] + t ** 3 * p3[1]
        out.append((x, y))
    return out


# --- Beauty --------------------------------------------------------------------------------------

def serum_bottle(liquid="#f3d9a4", highlight=0.3, dropper_up=0.0):
    """A 30 ml glass dropper bottle; `dropper_up` (0..1) lifts the dropper out."""
    defs = cylinder("glass", "#e9eef2", highlight)
    defs += linear("liquid", [(0, dark(liquid, 0.1)), (highlight, light(liquid, 0.4)), (1, dark(liquid, 0.2))])
    defs += cylinder("bulb", "#f4f1ec", highlight)
    lift = -170 * dropper_up
    bottle = ('<path d="M70,200 C70,170 100,160 120,160 L240,160 C260,160 290,170 290,200 L290,520 C290,545 270,560 '
              '245,560 L115,560 C90,560 70,545 70,520 Z" fill="url(#glass)" stroke="#9aa7b0" stroke-width="4"/>'
              '<path d="M82,280 L278,280 L278,518 C278,538 262,548 242,548 L118,548 C98,548 82,538 82,518 Z" fill="url(#liquid)" opacity="0.85"/>'
              '<rect x="100" y="340" width="160" height="110" rx="8" fill="#ffffff" opacity="0.92"/>'
              '<text x="180" y="378" font-family="DejaVu Sans" font-size="24" font-weight="bold" text-anchor="middle" fill="#3c4650">GLASS</text>'
              '<text x="180" y="406" font-family="DejaVu Sans" font-size="24" font-weight="bold" text-anchor="middle" fill="#3c4650">SKIN</text>'
              '<text x="180" y="434" font-family="DejaVu Sans" font-size="15" text-anchor="middle" fill="#6c7780">10% niacinamide</text>'
              '<rect x="96" y="190" width="16" height="320" rx="8" fill="#ffffff" opacity="0.45"/>')
    pipette = (f'<g transform="translate(0,{lift:.1f})">'
               f'<path d="M168,160 L192,160 L190,470 C190,490 170,490 170,470 Z" fill="#ffffff" opacity="0.55" stroke="#9aa7b0" stroke-width="2"/>'
               f'<path d="M172,330 L188,330 L188,470 C188,486 172,486 172,470 Z" fill="{liquid}" opacity="0.9"/>'
               f'<rect x="120" y="110" width="120" height="56" rx="10" fill="#c9a959" stroke="#8a6a22" stroke-width="3"/>'
               f'<rect x="132" y="118" width="10" height="40" rx="5" fill="#fff0c0" opacity="0.8"/>'
               f'<path d="M140,112 C140,30 150,10 180,10 C210,10 220,30 220,112 Z" fill="url(#bulb)" stroke="#a9a49b" stroke-width="3"/></g>')
    return svg(360, 570, bottle + pipette, defs)


def lip_oil(oil, highlight=0.3):
    """A clear lip-oil tube showing its tinted oil, with a chunky cap."""
    defs = cylinder("tube", light(oil, 0.55), highlight)
    defs += linear("oil", [(0, dark(oil, 0.2)), (highlight, light(oil, 0.45)), (1, dark(oil, 0.35))])
    defs += cylinder("cap", "#2d2a2e", highlight)
    body = ('<rect x="60" y="230" width="150" height="330" rx="34" fill="url(#tube)" stroke="#8e8a90" stroke-width="4"/>'
            '<rect x="72" y="260" width="126" height="288" rx="26" fill="url(#oil)" opacity="0.92"/>'
            '<rect x="86" y="270" width="14" height="250" rx="7" fill="#ffffff" opacity="0.5"/>'
            '<text x="135" y="470" font-family="DejaVu Sans" font-size="20" font-weight="bold" text-anchor="middle" '
            'fill="#ffffff" opacity="0.85" transform="rotate(-90 135 420)">GLAZE</text>'
            '<rect x="52" y="40" width="166" height="200" rx="30" fill="url(#cap)" stroke="#111" stroke-width="4"/>'
            '<rect x="70" y="56" width="18" height="160" rx="9" fill="#ffffff" opacity="0.25"/>'
            '<rect x="52" y="212" width="166" height="22" rx="6" fill="#c9a959" stroke="#8a6a22" stroke-width="2"/>')
    return svg(270, 580, body, defs)


def compact_mirror(shell, open_angle=1.0):
    """A heart-shaped compact, open: the lid's mirror above, the 3x mirror below."""
    defs = radial("heart", [(0, light(shell, 0.5)), (0.6, shell), (1, dark(shell, 0.35))], cx=0.35, cy=0.3, r=0.8)
    defs += linear("glassm", [(0, "#f6fbff"), (0.45, "#c9d8e6"), (0.55, "#ffffff"), (1, "#a9bccc")], 0, 0, 1, 1)
    heart = "M200,360 C120,300 20,240 20,140 C20,70 80,30 140,30 C170,30 190,50 200,70 C210,50 230,30 260,30 C320,30 380,70 380,140 C380,240 280,300 200,360 Z"
    inner = "M200,330 C130,278 50,228 50,142 C50,88 95,58 140,58 C165,58 185,74 200,100 C215,74 235,58 260,58 C305,58 350,88 350,142 C350,228 270,278 200,330 Z"
    top = (f'<g transform="translate(0,{20 - 40 * open_angle:.1f}) scale(1,{max(0.08, open_angle):.3f})">'
           f'<path d="{heart}" fill="url(#heart)" stroke="{dark(shell, 0.45)}" stroke-width="5"/>'
           f'<path d="{inner}" fill="url(#glassm)" stroke="{dark(shell, 0.3)}" stroke-width="3"/></g>')
    bottom = (f'<g transform="translate(0,370)"><path d="{heart}" fill="url(#heart)" stroke="{dark(shell, 0.45)}" stroke-width="5"/>'
              f'<path d="{inner}" fill="url(#glassm)" stroke="{dark(shell, 0.3)}" stroke-width="3"/>'
              f'<text x="200" y="200" font-family="DejaVu Sans" font-size="44" font-weight="bold" text-anchor="middle" fill="#7d93a8" opacity="0.7">3x</text></g>'
              f'<rect x="170" y="356" width="60" height="24" rx="8" fill="{dark(shell, 0.25)}"/>')
    return svg(400, 740, top + bottom, defs)


def cat_eye_sunglasses(frame="#141414", highlight=0.3):
    """Black cat-eye sunglasses, front view: upswept outer corners, dark lenses."""
    defs = linear("lens", [(0, "#4a3b46"), (0.5, "#1d1a22"), (1, "#0c0b10")], 0, 0, 0, 1)
    defs += linear("sheen", [(0, "#ffffff", 0), (0.5, "#ffffff", 0.5), (1, "#ffffff", 0)], 0, 0, 1, 0)
    rim = "M20,60 C60,40 150,40 200,70 C210,110 200,180 150,195 C100,208 50,185 36,130 C30,105 10,80 20,60 Z"
    lens = "M42,72 C80,58 150,58 186,82 C192,112 184,166 146,178 C104,190 62,170 54,128 C50,108 36,90 42,72 Z"
    side = (f'<path d="{rim}" fill="{frame}" stroke="#000" stroke-width="2"/>'
            f'<path d="{lens}" fill="url(#lens)"/>'
            f'<path d="M60,82 C90,72 130,72 160,84" stroke="#ffffff" stroke-width="6" fill="none" opacity="0.35" stroke-linecap="round"/>'
            f'<circle cx="30" cy="66" r="5" fill="#d9c27a"/>')
    glint_x = 40 + 300 * highlight
    body = (f'<g>{side}</g><g transform="translate(440,0) scale(-1,1)">{side}</g>'
            f'<path d="M196,84 C210,66 230,66 244,84" stroke="{frame}" stroke-width="16" fill="none"/>'
            f'<rect x="{glint_x - 40:.1f}" y="50" width="60" height="150" fill="url(#sheen)" transform="rotate(20 {glint_x:.1f} 120)" opacity="0.6"/>')
    return svg(440, 230, body, defs)


# --- Kitchen ------------------------------------------------------------------------------------

def pocket_blender(shell, highlight=0.3, spin=0.0, fill="#7fc97f"):
    """A cordless blender bottle: clear jar with a smoothie, coloured base, blades (`spin` turns them)."""
    defs = cylinder("jar", "#eef6f7", highlight)
    defs += linear("smoothie", [(0, dark(fill, 0.2)), (highlight, light(fill, 0.35)), (1, dark(fill, 0.3))])
    defs += cylinder("base", shell, highlight)
    jar = ('<path d="M70,90 L290,90 L280,470 L80,470 Z" fill="url(#jar)" opacity="0.75" stroke="#9fb3b8" stroke-width="4"/>'
           '<path d="M82,200 L278,200 L272,468 L88,468 Z" fill="url(#smoothie)"/>')
    swirl = ""
    for k in range(5):
        y = 230 + 48 * k
        phase = spin * 2 * math.pi + k
        swirl += (f'<path d="M92,{y} Q{180 + 60 * math.sin(phase):.1f},{y - 26} 268,{y}" stroke="{light(fill, 0.4)}" '
                  f'stroke-width="7" fill="none" opacity="0.6" stroke-linecap="round"/>')
    blades = ""
    for k in range(3):
        a = spin * 2 * math.pi + k * 2 * math.pi / 3
        w = 70 * math.cos(a)
        blades += f'<path d="M180,458 L{180 + w:.1f},{446 - 8 * math.sin(a):.1f} L{180 + w * 0.9:.1f},{458:.1f} Z" fill="#dfe5e8" stroke="#7b868c" stroke-width="2"/>'
    lid = (f'<rect x="60" y="40" width="240" height="60" rx="16" fill="url(#base)" stroke="{dark(shell, 0.45)}" stroke-width="4"/>'
           f'<path d="M150,40 C150,0 210,0 210,40" stroke="{dark(shell, 0.4)}" stroke-width="14" fill="none"/>')
    base = (f'<path d="M76,470 L284,470 L290,590 C290,610 270,620 250,620 L110,620 C90,620 70,610 70,590 Z" fill="url(#base)" '
            f'stroke="{dark(shell, 0.45)}" stroke-width="4"/>'
            f'<circle cx="180" cy="545" r="22" fill="{light(shell, 0.5)}" stroke="{dark(shell, 0.45)}" stroke-width="3"/>'
            f'<circle cx="180" cy="545" r="8" fill="#ffffff"/>')
    shine = '<rect x="92" y="110" width="16" height="340" rx="8" fill="#ffffff" opacity="0.5"/>'
    return svg(360, 630, jar + swirl + blades + base + lid + shine, defs)


def waffle_maker(shell, open_amount=1.0):
    """A round mini waffle maker, open: the lid tilted back, a golden waffle on the plate."""
    defs = radial("shellg", [(0, light(shell, 0.45)), (0.7, shell), (1, dark(shell, 0.35))], cx=0.35, cy=0.3, r=0.8)
    defs += radial("waffle", [(0, "#f6c26b"), (0.8, "#d98c2b"), (1, "#a8621a")])
    grid = "".join(f'<path d="M{110 + 36 * k},240 L{110 + 36 * k},460" stroke="#a8621a" stroke-width="8" opacity="0.7"/>' for k in range(7))
    grid += "".join(f'<path d="M90,{262 + 36 * k} L350,{262 + 36 * k}" stroke="#a8621a" stroke-width="8" opacity="0.7"/>' for k in range(6))
    lid_h = 150 * open_amount
    lid = (f'<ellipse cx="220" cy="{200 - lid_h / 2:.1f}" rx="190" ry="{max(8, lid_h / 2 + 10):.1f}" fill="url(#shellg)" '
           f'stroke="{dark(shell, 0.45)}" stroke-width="4"/>'
           f'<ellipse cx="220" cy="{200 - lid_h / 2:.1f}" rx="150" ry="{max(4, lid_h / 2 - 12):.1f}" fill="#3a3a3a" opacity="0.85"/>')
    base = (f'<ellipse cx="220" cy="420" rx="200" ry="90" fill="{dark(shell, 0.3)}"/>'
            f'<ellipse cx="220" cy="350" rx="200" ry="150" fill="url(#shellg)" stroke="{dark(shell, 0.45)}" stroke-width="4"/>'
            f'<ellipse cx="220" cy="350" rx="160" ry="118" fill="#3a3a3a"/>'
            f'<defs><clipPath id="wclip"><ellipse cx="220" cy="350" rx="140" ry="104"/></clipPath></defs>'
            f'<ellipse cx="220" cy="350" rx="140" ry="104" fill="url(#waffle)"/>'
            f'<g clip-path="url(#wclip)">{grid}</g>'
            f'<rect x="395" y="330" width="60" height="30" rx="12" fill="{dark(shell, 0.2)}"/>')
    return svg(470, 520, lid + base, defs)


def chef_knife():
    """An 8-inch chef's knife: wide curved blade, bolster, black handle with three rivets."""
    defs = linear("blade", [(0, "#f7f9fb"), (0.55, "#c7cfd6"), (1, "#8d979f")], 0, 0, 0, 1)
    defs += linear("handle", [(0, "#3a3a3a"), (0.4, "#1b1b1b"), (1, "#050505")], 0, 0, 0, 1)
    blade = ('<path d="M200,60 L640,60 C680,60 700,80 690,100 C640,170 520,200 360,200 L200,200 Z" fill="url(#blade)" '
             'stroke="#6f7a82" stroke-width="3"/>'
             '<path d="M210,178 C330,192 520,186 660,112" stroke="#ffffff" stroke-width="4" fill="none" opacity="0.9"/>'
             '<text x="260" y="120" font-family="DejaVu Sans" font-size="18" fill="#6f7a82">GERMAN STEEL</text>')
    bolster = '<rect x="176" y="52" width="34" height="156" rx="8" fill="#aeb7be" stroke="#5f6a72" stroke-width="3"/>'
    handle = ('<path d="M10,80 C10,64 24,56 40,56 L180,64 L180,196 L40,204 C24,204 10,196 10,180 Z" fill="url(#handle)" stroke="#000" stroke-width="3"/>'
              + "".join(f'<circle cx="{x}" cy="130" r="9" fill="#c7cfd6" stroke="#5f6a72" stroke-width="2"/>' for x in (50, 100, 150)))
    return svg(710, 260, handle + bolster + blade, defs)


# --- Tech ----------------------------------------------------------------------------------------

def phone_grip(grip, highlight=0.3, stand=0.0):
    """The back of a phone with a round magnetic grip on it; `stand` (0..1) folds the grip out."""
    defs = linear("phone", [(0, "#3b4048"), (highlight, "#6a717b"), (1, "#22262c")], 0, 0, 1, 1)
    defs += radial("grip", [(0, light(grip, 0.45)), (0.7, grip), (1, dark(grip, 0.35))], cx=0.4, cy=0.35, r=0.7)
    phone = ('<rect x="40" y="20" width="300" height="600" rx="46" fill="url(#phone)" stroke="#111" stroke-width="4"/>'
             '<rect x="70" y="50" width="110" height="120" rx="26" fill="#1a1c20" stroke="#50565e" stroke-width="3"/>'
             '<circle cx="105" cy="88" r="22" fill="#0b0c0e" stroke="#646b74" stroke-width="4"/>'
             '<circle cx="150" cy="135" r="20" fill="#0b0c0e" stroke="#646b74" stroke-width="4"/>'
             '<circle cx="150" cy="80" r="7" fill="#f6f0c8"/>')
    ry = 100 * (1 - 0.55 * stand)
    ring = (f'<ellipse cx="190" cy="370" rx="110" ry="{ry + 8:.1f}" fill="#000" opacity="0.25"/>'
            f'<ellipse cx="190" cy="360" rx="104" ry="{ry:.1f}" fill="url(#grip)" stroke="{dark(grip, 0.45)}" stroke-width="4"/>'
            f'<ellipse cx="190" cy="360" rx="64" ry="{ry * 0.6:.1f}" fill="none" stroke="{dark(grip, 0.25)}" stroke-width="6"/>'
            f'<ellipse cx="168" cy="{360 - ry * 0.5:.1f}" rx="30" ry="{ry * 0.16:.1f}" fill="#ffffff" opacity="0.45"/>')
    return svg(380, 640, phone + ring, defs)
