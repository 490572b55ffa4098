"""The subjects, one builder each. Units are metres; every subject stands on z = 0.

A builder makes its objects and returns how to frame them: `fill` (share of the frame height
the bounding sphere spans), `elevation`/`azimuth` of the camera in degrees.
"""

import math

import bpy

from shapes import (assign, box, circle_points, cylinder, lathe, material, rod, smooth, sphere,
                    text, torus, tube)


def wire_basket():
    wire = material('powder-coat', (0.02, 0.02, 0.022), roughness=0.35, metallic=0.7)
    n, h, r0, r1, t = 30, 0.14, 0.095, 0.125, 0.0016
    for i in range(n):
        a = 2 * math.pi * i / n
        c, s = math.cos(a), math.sin(a)
        assign(tube(f'v{i}', [(r0 * c, r0 * s, t), (r1 * c, r1 * s, h)], t), wire)
    for k in range(7):
        z = t + (h - t) * k / 6
        r = r0 + (r1 - r0) * k / 6
        assign(tube(f'h{k}', circle_points(r, z, 24), t * (1.6 if k == 6 else 1), cyclic=True),
               wire)
    for k in range(-4, 5):  # the base grid
        x = r0 * k / 5
        y = math.sqrt(max(r0 * r0 - x * x, 0))
        assign(tube(f'bx{k}', [(x, -y, t), (x, y, t)], t), wire)
        assign(tube(f'by{k}', [(-y, x, t), (y, x, t)], t), wire)
    for side in (-1, 1):  # two loop handles
        pts = [(side * r1 * 0.98, -0.03, h), (side * (r1 + 0.02), 0, h + 0.025),
               (side * r1 * 0.98, 0.03, h)]
        assign(tube(f'handle{side}', pts, t * 1.5), wire)
    return {'fill': 0.78, 'elevation': 28}


def stool(fill=0.86):
    wood = material('oak', (0.42, 0.24, 0.11), roughness=0.45, clearcoat=0.3)
    steel = material('black-steel', (0.03, 0.03, 0.03), roughness=0.3, metallic=0.9)
    smooth(cylinder('seat', 0.16, 0.032, (0, 0, 0.456), vertices=96))
    assign(bpy.context.object, wood)
    for i, (sx, sy) in enumerate(((1, 1), (-1, 1), (-1, -1), (1, -1))):
        assign(rod(f'leg{i}', (0.1 * sx, 0.1 * sy, 0.44), (0.16 * sx, 0.16 * sy, 0.0), 0.0055),
               steel)
    assign(tube('rung', circle_points(0.143 * math.sqrt(2) * 0.98, 0.16, 16), 0.0035,
                cyclic=True), steel)
    return {'fill': fill, 'elevation': 14, 'azimuth': 20}


def mug():
    glaze = material('teal-glaze', (0.04, 0.22, 0.27), roughness=0.06, clearcoat=1.0)
    profile = [(0, 0.004), (0.036, 0.002), (0.041, 0.0), (0.043, 0.004), (0.0445, 0.05),
               (0.045, 0.094), (0.0445, 0.0985), (0.0425, 0.0995), (0.041, 0.097),
               (0.0405, 0.05), (0.0395, 0.014), (0.034, 0.011), (0, 0.011)]
    assign(lathe('mug', profile), glaze)
    handle = [(0.043, 0, 0.083), (0.068, 0, 0.082), (0.08, 0, 0.055), (0.068, 0, 0.024),
              (0.043, 0, 0.021)]
    assign(tube('handle', handle, 0.0065, resolution=12), glaze)
    return {'fill': 0.8, 'elevation': 24, 'azimuth': -25}


def ring(fill=0.62):
    gold = material('gold', (1.0, 0.71, 0.29), roughness=0.12, metallic=1.0)
    gem = material('diamond', (1, 1, 1), roughness=0.0, transmission=1.0, ior=2.4)
    band = torus('band', 0.0105, 0.0017, (0, 0, 0.0122), rotation=(math.radians(90), 0, 0.5))
    assign(band, gold)
    top = 0.0122 + 0.0105 + 0.0017
    assign(cylinder('setting', 0.0028, 0.002, (0, 0, top + 0.0005), vertices=32), gold)
    stone = sphere('stone', 0.0032, (0, 0, top + 0.0034), subdivisions=2)
    stone.data.polygons.foreach_set('use_smooth', [False] * len(stone.data.polygons))
    assign(stone, gem)
    return {'fill': fill, 'elevation': 16, 'azimuth': 10}


def kettle():
    chrome = material('chrome', (0.92, 0.92, 0.93), roughness=0.05, metallic=1.0)
    black = material('bakelite', (0.015, 0.015, 0.015), roughness=0.25)
    profile = [(0, 0.0), (0.07, 0.0), (0.088, 0.006), (0.1, 0.04), (0.102, 0.075),
               (0.094, 0.11), (0.074, 0.14), (0.05, 0.155), (0.046, 0.158), (0, 0.16)]
    assign(lathe('body', profile, segments=128), chrome)
    assign(tube('spout', [(0.085, 0, 0.045), (0.125, 0, 0.085), (0.15, 0, 0.125)], 0.011),
           chrome)
    assign(tube('handle', [(-0.05, 0, 0.15), (-0.045, 0, 0.205), (0, 0, 0.222),
                           (0.045, 0, 0.205), (0.05, 0, 0.15)], 0.0075), black)
    assign(sphere('knob', 0.012, (0, 0, 0.166), subdivisions=3), black)
    return {'fill': 0.8, 'elevation': 16, 'azimuth': -20}


def bottle():
    glass = material('green-glass', (0.82, 0.95, 0.88), roughness=0.0, transmission=1.0,
                     ior=1.5, specular=0.5)
    paper = material('label-paper', (0.78, 0.72, 0.6), roughness=0.6)
    cap = material('cap', (0.6, 0.6, 0.62), roughness=0.3, metallic=1.0)
    outer = [(0, 0.0), (0.034, 0.0), (0.037, 0.004), (0.037, 0.14), (0.033, 0.16),
             (0.016, 0.19), (0.0125, 0.21), (0.0125, 0.226)]
    inner = [(0.0105, 0.226), (0.0105, 0.21), (0.014, 0.19), (0.031, 0.16), (0.035, 0.14),
             (0.035, 0.007), (0.03, 0.005), (0, 0.005)]
    assign(lathe('bottle', outer + inner, segments=96), glass)
    assign(lathe('label', [(0.0374, 0.045), (0.0374, 0.115)], segments=96, rounds=0), paper)
    assign(smooth(cylinder('cap', 0.0145, 0.02, (0, 0, 0.232), vertices=64)), cap)
    return {'fill': 0.82, 'elevation': 12}


def pompom():
    wool = bpy.data.materials.new('wool')
    wool.use_nodes = True
    nodes = wool.node_tree.nodes
    nodes.remove(nodes['Principled BSDF'])
    hair = nodes.new('ShaderNodeBsdfHairPrincipled')
    hair.parametrization = 'COLOR'
    hair.inputs['Color'].default_value = (0.75, 0.32, 0.22, 1)
    hair.inputs['Roughness'].default_value = 0.45
    hair.inputs['Radial Roughness'].default_value = 0.6
    wool.node_tree.links.new(hair.outputs[0], nodes['Material Output'].inputs[0])
    core = material('core', (0.45, 0.16, 0.1), roughness=0.8)
    ball = sphere('pompom', 0.045, (0, 0, 0.055), subdivisions=4)
    ball.data.materials.append(core)
    ball.data.materials.append(wool)
    mod = ball.modifiers.new('fur', 'PARTICLE_SYSTEM')
    ps = mod.particle_system.settings
    ps.type = 'HAIR'
    ps.count = 3000
    ps.hair_length = 0.035
    ps.material = 2
    ps.child_type = 'INTERPOLATED'
    ps.rendered_child_count = 8
    ps.child_nbr = 2
    ps.roughness_1 = 0.004
    ps.roughness_endpoint = 0.006
    ps.kink = 'CURL'
    ps.kink_amplitude = 0.002
    ps.kink_frequency = 3.0
    ps.root_radius = 1.0
    ps.tip_radius = 0.3
    ps.radius_scale = 0.00035
    mod.particle_system.seed = 7
    return {'fill': 0.62, 'elevation': 20}


def vase():
    white = material('white-glaze', (0.82, 0.82, 0.8), roughness=0.22, clearcoat=0.4)
    profile = [(0, 0.003), (0.035, 0.0), (0.045, 0.006), (0.062, 0.05), (0.074, 0.1),
               (0.071, 0.15), (0.052, 0.2), (0.034, 0.235), (0.03, 0.255), (0.035, 0.272),
               (0.0345, 0.276), (0.031, 0.275), (0.026, 0.256), (0.028, 0.235), (0, 0.22)]
    assign(lathe('vase', profile, segments=128), white)
    return {'fill': 0.82, 'elevation': 12}


def headphones():
    black = material('black-plastic', (0.012, 0.012, 0.014), roughness=0.32)
    leather = material('black-leather', (0.018, 0.017, 0.017), roughness=0.55)
    band = [(-0.088, 0, 0.07), (-0.075, 0, 0.14), (0, 0, 0.18), (0.075, 0, 0.14),
            (0.088, 0, 0.07)]
    assign(tube('band', band, 0.007), black)
    for side in (-1, 1):
        cup = smooth(cylinder(f'cup{side}', 0.042, 0.028, (side * 0.092, 0, 0.043),
                              rotation=(0, math.radians(90), 0), vertices=64))
        assign(cup, black)
        assign(torus(f'pad{side}', 0.031, 0.011, (side * 0.072, 0, 0.043),
                     rotation=(0, math.radians(90), 0)), leather)
        assign(rod(f'yoke{side}', (side * 0.088, 0, 0.07), (side * 0.092, 0, 0.085), 0.004),
               black)
    cable = [(-0.1, -0.01, 0.02), (-0.12, -0.04, 0.002), (-0.06, -0.09, 0.002),
             (0.03, -0.07, 0.002), (0.1, -0.1, 0.002), (0.16, -0.06, 0.002)]
    assign(tube('cable', cable, 0.0018), black)
    return {'fill': 0.8, 'elevation': 22, 'azimuth': -15}


def label_box():
    board = material('white-board', (0.8, 0.78, 0.72), roughness=0.6)
    red = material('band-red', (0.45, 0.03, 0.035), roughness=0.45, clearcoat=0.2)
    ink = material('ink', (0.03, 0.03, 0.03), roughness=0.5)
    cream = material('print-cream', (0.85, 0.8, 0.65), roughness=0.4)
    assign(box('carton', (0.12, 0.08, 0.18), (0, 0, 0.09), bevel=0.0015), board)
    assign(box('band', (0.1212, 0.0812, 0.055), (0, 0, 0.112)), red)
    front = -0.0408
    rot = (math.radians(90), 0, 0)
    assign(text('brand', 'CUTOUT', 0.021, (0, front - 0.0003, 0.107), rot), cream)
    assign(text('line', 'ORGANIC GREEN TEA', 0.0075, (0, front - 0.0003, 0.066), rot), ink)
    assign(text('count', '20 bags  ·  40 g', 0.0062, (0, front - 0.0003, 0.052), rot), ink)
    return {'fill': 0.78, 'elevation': 18, 'azimuth': -28}


def motion_ball():
    """A ball rolling fast across the frame; Cycles blurs it over the open shutter."""
    mat = bpy.data.materials.new('ball')
    mat.use_nodes = True
    nodes = mat.node_tree.nodes
    checker = nodes.new('ShaderNodeTexChecker')
    checker.inputs['Scale'].default_value = 3.0
    checker.inputs['Color1'].default_value = (0.7, 0.05, 0.03, 1)
    checker.inputs['Color2'].default_value = (0.85, 0.75, 0.6, 1)
    bsdf = nodes['Principled BSDF']
    bsdf.inputs['Roughness'].default_value = 0.3
    mat.node_tree.links.new(checker.outputs['Color'], bsdf.inputs['Base Color'])
    ball = sphere('ball', 0.035, (0, 0, 0.035), subdivisions=5)
    ball.data.materials.append(mat)
    sc = bpy.context.scene
    sc.render.use_motion_blur = True
    sc.render.motion_blur_shutter = 0.5
    sc.cycles.motion_blur_position = 'CENTER'
    for frame, x in ((0, -0.09), (2, 0.09)):
        ball.location = (x, 0, 0.035)
        ball.rotation_euler = (0, x / 0.035, 0)
        ball.keyframe_insert('location', frame=frame)
        ball.keyframe_insert('rotation_euler', frame=frame)
    for fc in ball.animation_data.action.fcurves:
        for kp in fc.keyframe_points:
            kp.interpolation = 'LINEAR'
    sc.frame_set(1)
    return {'fill': 0.42, 'elevation': 16}


def blocks():
    paint = [material(f'paint{i}', c, roughness=0.45) for i, c in enumerate(
        ((0.55, 0.06, 0.04), (0.05, 0.15, 0.5), (0.75, 0.55, 0.05), (0.07, 0.35, 0.1)))]
    assign(box('b0', (0.05, 0.05, 0.05), (-0.028, 0, 0.025), bevel=0.002), paint[0])
    b1 = box('b1', (0.05, 0.05, 0.05), (0.028, 0.006, 0.025), bevel=0.002)
    b1.rotation_euler = (0, 0, math.radians(12))
    assign(b1, paint[1])
    assign(smooth(cylinder('c0', 0.018, 0.05, (0.0, 0.0, 0.075), vertices=64)), paint[2])
    roof = cylinder('roof', 0.04, 0.05, (-0.028, -0.005, 0.064), rotation=(math.radians(90), 0,
                                                                          0), vertices=3)
    roof.rotation_euler = (math.radians(90), math.radians(90), 0)
    roof.location = (0.05, -0.055, 0.02)
    assign(roof, paint[3])
    assign(box('b2', (0.03, 0.03, 0.03), (-0.06, -0.05, 0.015), bevel=0.0015), paint[2])
    return {'fill': 0.8, 'elevation': 26, 'azimuth': -12}


def lipstick():
    gold = material('tube-gold', (0.95, 0.7, 0.35), roughness=0.2, metallic=1.0)
    red = material('lipstick', (0.45, 0.02, 0.06), roughness=0.25, clearcoat=0.5)
    assign(smooth(cylinder('tube', 0.0095, 0.05, (0, 0, 0.025), vertices=64)), gold)
    assign(smooth(cylinder('bullet', 0.0075, 0.016, (0, 0, 0.058), vertices=64)), red)
    tip = sphere('tip', 0.0075, (0, 0, 0.066), subdivisions=4)
    tip.scale = (1, 1, 0.8)
    assign(tip, red)
    assign(smooth(cylinder('cap', 0.0098, 0.04, (0.035, 0.012, 0.0098), rotation=(
        math.radians(90), 0, math.radians(30)), vertices=64)), gold)
    return {'fill': 0.16, 'elevation': 20}


BUILDERS = {
    'wire-basket': wire_basket,
    'stool': stool,
    'mug': mug,
    'ring': ring,
    'kettle': kettle,
    'bottle': bottle,
    'pompom': pompom,
    'vase': vase,
    'headphones': headphones,
    'label-box': label_box,
    'motion-ball': motion_ball,
    'blocks': blocks,
    'lipstick': lipstick,
    'ring-large': lambda: ring(fill=0.16),
    'stool-large': lambda: stool(fill=0.5),
}
