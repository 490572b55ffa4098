"""The subjects of the dev set: tags, render size and samples. Read by scene.py and build.py."""

MP1 = (1152, 864)
LARGE = (4000, 3000)

# id: (tags, (width, height), max samples per pixel)
SUBJECTS = {
    'wire-basket': (['see-through', 'thin', 'metallic'], MP1, 64),
    'stool': (['thin', 'self-shadow'], MP1, 64),
    'mug': (['glossy', 'self-shadow'], MP1, 64),
    'ring': (['metallic', 'glossy'], MP1, 64),
    'kettle': (['metallic', 'glossy'], MP1, 40),
    'bottle': (['glass', 'label'], MP1, 96),
    'pompom': (['fur'], MP1, 16),
    'vase': (['white-on-white', 'glossy'], MP1, 64),
    'headphones': (['dark-on-dark', 'thin'], MP1, 64),
    'label-box': (['box', 'label'], MP1, 64),
    'motion-ball': (['motion-blur'], MP1, 48),
    'blocks': (['box', 'self-shadow'], MP1, 40),
    'lipstick': (['small-subject', 'metallic', 'glossy'], MP1, 64),
    'ring-large': (['metallic', 'glossy', 'small-subject', 'size:12mp'], LARGE, 24),
    'stool-large': (['thin', 'self-shadow', 'size:12mp'], LARGE, 8),
}

# Render only this region (x0, y0, x1, y1 as fractions, top-down) of a frame whose subject
# is small: it holds the subject and its cast shadow (blurred strength > 0.02 on a full-frame
# preview) with a margin; outside it alpha and shadow are 0. The empty floor costs the most.
BORDERS = {
    'lipstick': (0.33, 0.36, 0.67, 0.72),
    'motion-ball': (0.08, 0.26, 0.92, 0.92),
    'ring-large': (0.35, 0.36, 0.69, 0.72),
    'stool-large': (0.0, 0.25, 1.0, 1.0),
}

# Backdrops per subject: every ~1 MP subject gets all six; the 4000x3000 ones a few.
ALL_BACKDROPS = ['white', 'grey-sweep', 'paper', 'off-white', 'photo-sharp', 'photo-blurred']
BACKDROPS = {sid: ALL_BACKDROPS for sid, (_, size, _) in SUBJECTS.items() if size == MP1}
BACKDROPS['ring-large'] = ['grey-sweep', 'photo-sharp']
BACKDROPS['stool-large'] = ['off-white', 'photo-blurred']

# These backdrops are lit surfaces the subject stands on, so they take its cast shadow;
# pure white is blown out and the photographs are scenes behind it.
SHADOWED = {'grey-sweep', 'paper', 'off-white'}

# Coloured card per subject (sRGB); headphones get charcoal so one case is dark on dark.
_CARDS = [(96, 128, 160), (178, 196, 160), (222, 140, 118), (214, 178, 92), (168, 150, 190),
          (120, 170, 168)]
PAPER = {sid: _CARDS[i % len(_CARDS)] for i, sid in enumerate(SUBJECTS)}
PAPER['headphones'] = (52, 52, 56)
PAPER['vase'] = (226, 226, 220)

# Photographs (scripts/devset/photos, from Debian's mate-backgrounds, GPL-2+).
_PHOTOS = ['wood', 'dune', 'storm', 'garden', 'meadow', 'blinds']
PHOTO_OF = {sid: _PHOTOS[i % len(_PHOTOS)] for i, sid in enumerate(SUBJECTS)}
PHOTO_OF['ring-large'] = 'wood'
PHOTO_OF['stool-large'] = 'wood'
