#!/usr/bin/env python3
"""One-off: switch the first 18 posts to the real pictures and append products, creators, posts.

Existing product ids, variants, prices and stock are left exactly as they were; posts 1-18 keep
their order. Run from the repository root: python3 scripts/grow-catalog.py
"""
import json

path = "Assets/catalog.json"
c = json.load(open(path))

# Old generated placeholder -> a real picture that fits the product.
remap = {
    "claw-clip": "media/butterfly-claw-clip.gif",
    "silk-scrunchie": "media/satin-hair-bow.png",
    "runner-sneaker": "media/sneaker-runner.gif",
    "court-sneaker": "media/sneaker-pair-classic.gif",
    "anc-headphones": "media/headphones-studio.gif",
    "sunset-lamp": "media/lantern-lamp.gif",
    "cloud-mug": "media/enamel-mug.png",
    "glass-skin-serum": "media/rose-toner.png",
    "trail-tumbler": "media/sport-bottle.png",
    "mini-waffle": "media/nonstick-pan.png",
    "phone-grip": "media/retro-phone.png",
    "pocket-blender": "media/fruit-bowl.png",
    "lip-oil": "media/rose-toner.png",
    "mini-earbuds": "media/headphones-studio.gif",
}
for p in c["products"]:
    if p["id"] in remap:
        p["media"] = remap[p["id"]]
for post in c["posts"]:
    if post["product"] in remap:
        post["media"] = remap[post["product"]]

c["creators"] += [
    {"handle": "courtside.lena", "displayName": "Lena Okafor", "followers": 215000, "verified": True},
    {"handle": "deskgoals.theo", "displayName": "Theo Brandt", "followers": 96400, "verified": False},
    {"handle": "brewwithpriya", "displayName": "Priya Nair", "followers": 331000, "verified": True},
    {"handle": "thriftqueen.ama", "displayName": "Ama Mensah", "followers": 58700, "verified": False},
]

def product(pid, market, title, category, price, was, rating, reviews, sold, desc, variants, media):
    p = {"id": pid, "marketplace": market, "title": title, "category": category, "price": price}
    if was:
        p["compareAtPrice"] = was
    p.update({"rating": rating, "reviewCount": reviews, "soldCount": sold, "description": desc,
              "variants": [{"id": v, "options": o, "stock": s} for v, o, s in variants],
              "currency": "USD", "media": media})
    return p

def colours(*pairs):
    return [(n.lower().replace(" ", "-"), {"colour": n}, s) for n, s in pairs]

def one(stock):
    return [("standard", {}, stock)]

new_products = [
    product("crystal-claw-clip", "lumen", "Crystal Hair Clip", "Hair accessories", 899, 1400, 4.5, 3120, 21800,
            "A clear acrylic clip with a faceted crystal top that catches the light. Holds half-up styles.",
            colours(("Clear", 120), ("Rose", 64)), "media/crystal-hair-clip.png"),
    product("butterfly-pins", "riverstone", "Butterfly Hair Pins (set of 2)", "Hair accessories", 699, None, 4.4, 1288, 9400,
            "Two enamel butterfly pins on slim gold-tone bobby pins. Light enough for fine hair.",
            colours(("Blue", 80), ("Lilac", 45)), "media/butterfly-hair-pins.png"),
    product("gold-tiara-headband", "lumen", "Gold Tiara Headband", "Hair accessories", 1499, 2200, 4.3, 860, 5200,
            "A padded headband with a small gold-tone crown. Soft lining, no headache after an hour.",
            one(55), "media/tiara-headband.png"),
    product("sakura-hair-pin", "riverstone", "Sakura Flower Hair Pin", "Hair accessories", 599, None, 4.8, 2410, 17300,
            "Hand-painted cherry blossom pin on a stainless stem. Slides into a bun and stays put.",
            colours(("Pink", 150), ("White", 90)), "media/sakura-hair-pin.png"),
    product("trail-hiker-boot", "riverstone", "Trail Hiking Boot", "Sneakers", 8999, 11999, 4.6, 4380, 12100,
            "Waterproof suede boot with a grippy lug sole. Broken in after one walk, not ten.",
            [("us-8", {"size": "US 8"}, 14), ("us-9", {"size": "US 9"}, 22), ("us-10", {"size": "US 10"}, 0), ("us-11", {"size": "US 11"}, 9)],
            "media/trail-boot.png"),
    product("studio-monitor-speakers", "lumen", "Desk Speakers (pair)", "Headphones", 5999, 7999, 4.4, 1930, 8800,
            "Compact powered speakers for a desk: USB-C power, 3.5 mm in, a real volume knob.",
            colours(("Black", 40), ("White", 25)), "media/desk-speakers.png"),
    product("retro-gramophone", "riverstone", "Retro Gramophone Bluetooth Speaker", "Headphones", 7499, None, 4.2, 640, 2900,
            "Brass horn, wooden base, Bluetooth 5.3 inside. Plays vinyl-era looks with phone-era music.",
            one(18), "media/retro-gramophone.png"),
    product("bendy-desk-lamp", "lumen", "Bendy Desk Lamp", "Home", 2999, 3999, 4.6, 5210, 30400,
            "A flexible arm lamp with three colour temperatures and a USB port in the base.",
            colours(("Black", 75), ("Sage", 30)), "media/desk-lamp.png"),
    product("twin-bell-alarm", "riverstone", "Twin-Bell Alarm Clock", "Home", 1899, None, 4.3, 2890, 15600,
            "The loud one. Metal bells, silent sweep hands, a light for 3 a.m. checks.",
            colours(("Red", 60), ("Mint", 44)), "media/alarm-clock.gif"),
    product("minimal-wall-clock", "lumen", "Minimal Wall Clock", "Home", 2499, None, 4.5, 1104, 6100,
            "30 cm silent wall clock with a thin steel rim. One AA battery, about a year.",
            one(40), "media/wall-clock.png"),
    product("terracotta-planter", "riverstone", "Geranium in Terracotta Planter", "Home", 2199, 2800, 4.1, 730, 3900,
            "A real red geranium in a 15 cm terracotta pot, shipped in a ventilated box.",
            one(25), "media/geranium-planter.png"),
    product("plush-teddy", "lumen", "Plush Teddy Bear", "Home", 1999, None, 4.9, 6620, 41200,
            "Extra-soft 35 cm teddy, machine washable, safety eyes. The gift nobody returns.",
            colours(("Honey", 90), ("Cream", 70)), "media/teddy-bear.png"),
    product("mystery-gift-box", "riverstone", "Mystery Gift Box", "Home", 2999, 4500, 3.9, 3380, 22400,
            "Three to five surprise home and desk goodies worth at least $45. Wrapped and ready.",
            one(200), "media/gift-box-surprise.gif"),
    product("heart-compact-mirror", "lumen", "Heart Compact Mirror", "Beauty", 1099, None, 4.6, 2045, 14800,
            "A heart-shaped double mirror, 1x and 3x, that closes with a satisfying click.",
            colours(("Red", 110), ("Gold", 66)), "media/heart-compact-mirror.png"),
    product("cat-eye-sunglasses", "riverstone", "Black Cat-Eye Sunglasses", "Beauty", 1599, 2599, 4.4, 3870, 26700,
            "UV400 lenses in a glossy black cat-eye frame. Comes with a microfibre pouch.",
            one(130), "media/cat-eye-sunglasses.png"),
    product("porcelain-teapot", "lumen", "Porcelain Teapot", "Kitchen", 3499, None, 4.7, 1590, 7200,
            "A 900 ml teapot with a removable steel infuser. Pours without dribbling, really.",
            colours(("White", 35), ("Blue willow", 20)), "media/porcelain-teapot.gif"),
    product("citrus-kettle", "riverstone", "Citrus Electric Kettle", "Kitchen", 3999, 5499, 4.5, 4120, 19800,
            "1.7 l kettle in sunny yellow with a keep-warm mode and a window to see the water.",
            colours(("Lemon", 48), ("Lime", 0)), "media/citrus-kettle.png"),
    product("chef-knife", "lumen", "Chef's Knife 8 in", "Kitchen", 4499, None, 4.8, 2760, 11300,
            "German steel, full tang, 15-degree edge. Tomatoes fear it.",
            one(60), "media/chef-knife.png"),
    product("compact-camera", "riverstone", "Compact Camera", "Tech accessories", 18999, 22999, 4.3, 1420, 4800,
            "20 MP point-and-shoot with a 5x zoom and that 2005 flash look everyone wants again.",
            colours(("Silver", 12), ("Black", 7)), "media/compact-camera.gif"),
    product("wireless-mouse", "lumen", "Silent Wireless Mouse", "Tech accessories", 1899, None, 4.5, 8830, 52100,
            "Quiet clicks, 18-month battery, a USB-C receiver that hides inside.",
            colours(("Graphite", 140), ("Blush", 60)), "media/wireless-mouse.png"),
    product("match-soccer-ball", "riverstone", "Match Soccer Ball", "Fitness", 2999, None, 4.6, 2250, 9900,
            "FIFA-quality size 5 ball with thermally bonded panels. Holds its shape in the rain.",
            one(80), "media/soccer-ball.gif"),
    product("tennis-racket", "lumen", "Graphite Tennis Racket", "Fitness", 6999, 8999, 4.4, 940, 3600,
            "Light 275 g graphite racket with a forgiving head. Strung and ready to play.",
            [("grip-2", {"grip": "2"}, 15), ("grip-3", {"grip": "3"}, 11)], "media/tennis-racket.png"),
]
c["products"] += new_products

def post(n, creator, prod, caption, tags, sound, media, likes, comments, shares, bg, motion):
    return {"id": f"post-{n:03d}", "creator": creator, "caption": caption, "product": prod, "hashtags": tags,
            "sound": sound, "media": media, "likes": likes, "comments": comments, "shares": shares,
            "background": bg, "motion": motion}

media = {p["id"]: p["media"] for p in c["products"]}
new_posts = [
    ("hairbyzoe", "crystal-claw-clip", "Half-up in 10 seconds with this little crystal clip \u2728", ["hairtok", "halfupdo", "hairclip"], "original sound - hairbyzoe", "#241a2e", "zoom"),
    ("courtside.lena", "match-soccer-ball", "Rain test: 90 minutes and it still bounces true \u26bd", ["soccer", "matchday", "gearcheck"], "Stadium Lights - Kilo", "#0f2614", "none"),
    ("deskgoals.theo", "bendy-desk-lamp", "Warm light at 6pm, cool light at 9am. Desk glow-up for $30", ["desksetup", "wfh", "lighting"], "lofi study beats - chillhop", "#1a1a24", "float"),
    ("brewwithpriya", "porcelain-teapot", "Sunday pot of jasmine. The infuser lifts right out \U0001fad6", ["teatok", "slowmorning", "teapot"], "original sound - brewwithpriya", "#1c2433", "none"),
    ("sneakerdrop.sam", "trail-hiker-boot", "Took these up 900 m of mud. Dry socks at the top.", ["hiking", "bootcheck", "outdoors"], "Mountain Air - Fenwick", "#1f1a12", "pan"),
    ("audiophile.raj", "studio-monitor-speakers", "Tiny speakers, honest bass. Full desk test in the comments", ["audiotok", "desksetup", "speakers"], "original sound - audiophile.raj", "#14141c", "zoom"),
    ("thriftqueen.ama", "mystery-gift-box", "Mystery box unboxing #4 \U0001f381 got a teddy AND a mug", ["unboxing", "mysterybox", "giftideas"], "Surprise! - Popcorn Kids", "#2a1020", "none"),
    ("glowwithmae", "heart-compact-mirror", "The 3x side is dangerous for brows. In the best way", ["beautytok", "makeupbag", "compactmirror"], "original sound - glowwithmae", "#2a0f18", "float"),
    ("hairbyzoe", "sakura-hair-pin", "One pin bun with a sakura pin. Works on second-day hair", ["hairtok", "bunhack", "sakura"], "Cherry Blossom - Aoi", "#2a1620", "zoom"),
    ("kitchenkenji", "chef-knife", "Paper-thin tomato test with the $45 knife \U0001f52a", ["kitchentok", "knifeskills", "cooking"], "original sound - kitchenkenji", "#101418", "pan"),
    ("tinyhomejules", "twin-bell-alarm", "An alarm that actually wakes me up. Sorry neighbours \u23f0", ["morningroutine", "roomdecor", "alarmclock"], "Ring Ring - Vintage FM", "#2a1414", "none"),
    ("courtside.lena", "tennis-racket", "Lightest racket I have hit with. Backhand finally behaves", ["tennis", "tennistok", "gearreview"], "original sound - courtside.lena", "#16241c", "float"),
    ("deskgoals.theo", "wireless-mouse", "Silent clicks = no more roommate complaints", ["desksetup", "techtok", "wfh"], "Keyboard ASMR - deskgoals", "#181820", "zoom"),
    ("brewwithpriya", "citrus-kettle", "Keep-warm mode means my second cup is actually hot", ["teatok", "kitchenfinds", "kettle"], "Morning Citrus - Sunroom", "#2a2410", "pan"),
    ("thriftqueen.ama", "cat-eye-sunglasses", "$16 cat-eyes that look like $160. Fit check \U0001f576", ["fitcheck", "sunglasses", "budgetfinds"], "Main Character - Nova", "#1a1a1a", "float"),
    ("sneakerdrop.sam", "runner-sneaker", "Week two in the Cloud Runners: 42 km and still comfy", ["sneakertok", "running", "wearreview"], "original sound - sneakerdrop.sam", "#0f1f33", "none"),
    ("tinyhomejules", "plush-teddy", "Bought one for my niece, kept one for me \U0001f9f8", ["giftideas", "cozy", "plushie"], "Soft Hours - Lullabye", "#2a2016", "zoom"),
    ("audiophile.raj", "retro-gramophone", "It looks 100 years old. It streams Spotify.", ["audiotok", "retrotech", "homedecor"], "Swing 1929 - Old Reel", "#201810", "pan"),
    ("glowwithmae", "gold-tiara-headband", "Birthday mode: on. Padded, so no headache \U0001f451", ["birthdaylook", "hairaccessories", "grwm"], "Birthday Girl - Lacey", "#261a0c", "float"),
    ("deskgoals.theo", "compact-camera", "Point-and-shoot era is back. First roll of photos in the video", ["digicam", "y2k", "techtok"], "Flash Back - Polaroid Pop", "#14161e", "none"),
    ("hairbyzoe", "butterfly-pins", "Two pins, four looks. Butterflies stay on fine hair", ["hairtok", "butterflyclips", "easyhair"], "original sound - hairbyzoe", "#1a1e2e", "zoom"),
    ("thriftqueen.ama", "minimal-wall-clock", "Swapped my loud ticking clock for this silent one. Peace.", ["homedecor", "minimalism", "roomtour"], "Quiet Room - Mellow", "#1c1c1c", "float"),
    ("brewwithpriya", "terracotta-planter", "Kitchen window glow-up with a real geranium \U0001f33a", ["planttok", "kitchendecor", "geranium"], "Greenhouse - Fern & Co", "#142214", "pan"),
    ("courtside.lena", "court-sneaker", "Court classics, street fit. Whites stay white with a wipe", ["sneakertok", "ootd", "whitesneakers"], "original sound - courtside.lena", "#14261a", "none"),
]
for i, (cr, pr, cap, tags, snd, bg, mo) in enumerate(new_posts):
    n = 19 + i
    likes = 18000 + (n * 7919) % 240000
    c["posts"].append(post(n, cr, pr, cap, tags, snd, media[pr], likes, likes // 60 + 40, likes // 25 + 12, bg, mo))

json.dump(c, open(path, "w"), indent=2, ensure_ascii=False)
open(path, "a").write("\n")
