"""The shared studio: render settings, lights, world, shadow-catcher floor, camera, passes.

Run inside Blender (imported by scene.py). Every subject is shot in the same studio so the
cases differ by subject and background, not by lighting set-up.
"""

import math
import os

import bpy
import numpy as np
from mathutils import Vector


def reset():
    for coll in (bpy.data.objects, bpy.data.meshes, bpy.data.materials, bpy.data.curves,
                 bpy.data.lights, bpy.data.cameras, bpy.data.particles):
        for block in list(coll):
            coll.remove(block)


def configure(width, height, samples, threads):
    sc = bpy.context.scene
    sc.render.engine = 'CYCLES'
    sc.cycles.device = 'CPU'
    sc.cycles.samples = samples
    # Adaptive sampling stops converged pixels early; it is deterministic for a fixed seed.
    sc.cycles.use_adaptive_sampling = True
    sc.cycles.adaptive_threshold = 0.02
    sc.cycles.adaptive_min_samples = min(16, samples)
    sc.cycles.seed = 0
    sc.cycles.use_animated_seed = False
    # Debian's Blender 3.4 has no OpenImageDenoise: the noise stays, as a camera's would.
    sc.cycles.use_denoising = False
    sc.cycles.max_bounces = 12
    sc.cycles.diffuse_bounces = 2
    sc.cycles.glossy_bounces = 6
    sc.cycles.transmission_bounces = 12
    sc.cycles.transparent_max_bounces = 16
    sc.cycles.caustics_reflective = False
    sc.cycles.caustics_refractive = False
    sc.cycles.sample_clamp_indirect = 4.0
    sc.cycles.pixel_filter_type = 'BLACKMAN_HARRIS'
    sc.cycles.filter_width = 1.5
    # Film transparent: the Combined pass carries the subject's coverage as alpha. Glass
    # counts as transparent where the camera sees the backdrop through it (see README).
    sc.render.film_transparent = True
    sc.cycles.film_transparent_glass = True
    sc.cycles.film_transparent_roughness = 0.1
    sc.render.resolution_x = width
    sc.render.resolution_y = height
    sc.render.resolution_percentage = 100
    sc.render.threads_mode = 'FIXED'
    sc.render.threads = threads
    sc.render.use_persistent_data = False
    sc.view_settings.view_transform = 'Standard'
    sc.view_settings.look = 'None'
    sc.view_settings.exposure = 0.0
    sc.render.use_motion_blur = False
    sc.frame_start = 1
    sc.frame_end = 1
    sc.frame_set(1)


def _look_at(obj, target):
    direction = Vector(target) - obj.location
    obj.rotation_euler = direction.to_track_quat('-Z', 'Y').to_euler()


def _emissive_card(name, location, size, strength, target):
    """A large soft card seen only in reflections (metal and glaze need something to mirror)."""
    bpy.ops.mesh.primitive_plane_add(size=1, location=location)
    card = bpy.context.object
    card.name = name
    card.scale = (size[0], size[1], 1)
    _look_at(card, target)
    card.rotation_euler.rotate_axis('X', math.pi)  # face the subject
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    nodes = mat.node_tree.nodes
    nodes.clear()
    emit = nodes.new('ShaderNodeEmission')
    emit.inputs['Strength'].default_value = strength
    out = nodes.new('ShaderNodeOutputMaterial')
    mat.node_tree.links.new(emit.outputs[0], out.inputs[0])
    card.data.materials.append(mat)
    card.visible_camera = False
    card.visible_shadow = False
    card.visible_diffuse = False
    return card


def _area(name, location, size, power, target):
    bpy.ops.object.light_add(type='AREA', location=location)
    light = bpy.context.object
    light.name = name
    light.data.shape = 'RECTANGLE'
    light.data.size = size[0]
    light.data.size_y = size[1]
    light.data.energy = power
    _look_at(light, target)
    return light


def lights(center, scale):
    """Key softbox upper left, fill right, rim behind; distances scale with the subject."""
    c = Vector(center)
    s = scale
    _area('key', c + Vector((-1.6, -1.4, 1.9)) * s, (1.0 * s, 0.8 * s), 95 * s * s, c)
    _area('fill', c + Vector((2.0, -1.0, 0.9)) * s, (1.2 * s, 1.2 * s), 10 * s * s, c)
    _area('rim', c + Vector((0.6, 2.2, 1.6)) * s, (1.6 * s, 0.5 * s), 35 * s * s, c)
    _emissive_card('card-left', c + Vector((-1.5, -0.3, 0.6)) * s, (0.5 * s, 1.6 * s), 1.2, c)
    _emissive_card('card-top', c + Vector((0.2, -0.4, 2.0)) * s, (1.8 * s, 1.0 * s), 0.7, c)
    world = bpy.data.worlds.new('studio') if not bpy.data.worlds else bpy.data.worlds[0]
    bpy.context.scene.world = world
    world.use_nodes = True
    nodes = world.node_tree.nodes
    nodes.clear()
    # A dim studio: light grey above the horizon, darker floor bounce below.
    coord = nodes.new('ShaderNodeTexCoord')
    sep = nodes.new('ShaderNodeSeparateXYZ')
    ramp = nodes.new('ShaderNodeValToRGB')
    ramp.color_ramp.elements[0].position = 0.4
    ramp.color_ramp.elements[0].color = (0.03, 0.03, 0.03, 1)
    ramp.color_ramp.elements[1].position = 0.75
    ramp.color_ramp.elements[1].color = (0.12, 0.12, 0.125, 1)
    mapr = nodes.new('ShaderNodeMapRange')
    mapr.inputs['From Min'].default_value = -1
    mapr.inputs['From Max'].default_value = 1
    bg = nodes.new('ShaderNodeBackground')
    bg.inputs['Strength'].default_value = 1.0
    out = nodes.new('ShaderNodeOutputWorld')
    links = world.node_tree.links
    links.new(coord.outputs['Generated'], sep.inputs[0])
    links.new(sep.outputs['Z'], mapr.inputs['Value'])
    links.new(mapr.outputs['Result'], ramp.inputs['Fac'])
    links.new(ramp.outputs['Color'], bg.inputs['Color'])
    links.new(bg.outputs[0], out.inputs[0])


def floor():
    """An infinite-looking shadow catcher: its shadow becomes the Shadow Catcher pass."""
    bpy.ops.mesh.primitive_plane_add(size=200, location=(0, 0, 0))
    ground = bpy.context.object
    ground.name = 'floor'
    ground.is_shadow_catcher = True
    mat = bpy.data.materials.new('floor')
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes['Principled BSDF']
    bsdf.inputs['Base Color'].default_value = (0.6, 0.6, 0.6, 1)
    bsdf.inputs['Roughness'].default_value = 0.9
    ground.data.materials.append(mat)
    return ground


def subject_bounds(objects):
    pts = []
    for obj in objects:
        if obj.type not in {'MESH', 'CURVE', 'FONT'}:
            continue
        pts.extend(obj.matrix_world @ Vector(corner) for corner in obj.bound_box)
    lo = Vector((min(p.x for p in pts), min(p.y for p in pts), min(p.z for p in pts)))
    hi = Vector((max(p.x for p in pts), max(p.y for p in pts), max(p.z for p in pts)))
    return lo, hi


def camera(lo, hi, fill, elevation_deg=18.0, azimuth_deg=0.0, lens=70.0, offset=(0.0, 0.0)):
    """Frame the subject's bounding sphere so it spans `fill` of the frame height."""
    center = (lo + hi) / 2
    radius = (hi - lo).length / 2
    cam_data = bpy.data.cameras.new('camera')
    cam_data.lens = lens
    cam_data.sensor_fit = 'HORIZONTAL'
    cam_data.sensor_width = 36.0
    sc = bpy.context.scene
    aspect = sc.render.resolution_y / sc.render.resolution_x
    half_v = math.atan(36.0 * aspect / 2 / lens)
    distance = radius / math.tan(half_v) / fill
    el = math.radians(elevation_deg)
    az = math.radians(azimuth_deg)
    direction = Vector((math.sin(az) * math.cos(el), -math.cos(az) * math.cos(el), math.sin(el)))
    cam = bpy.data.objects.new('camera', cam_data)
    sc.collection.objects.link(cam)
    cam.location = center + direction * distance
    _look_at(cam, center)
    cam_data.shift_x = offset[0]
    cam_data.shift_y = offset[1]
    cam_data.clip_start = distance / 100
    cam_data.clip_end = distance * 100
    sc.camera = cam
    return center, radius


def render_passes(out_dir, border=None):
    """Render once; save premultiplied linear RGBA and the shadow-catcher ratio as .npy.

    `border` (x0, y0, x1, y1, fractions of the frame, top-down) renders only that region: a
    small subject in a 12 MP frame costs what a 1 MP shot does. Outside it nothing is covered
    and nothing is shadowed (catalog.py sets the region with a margin around both).
    """
    sc = bpy.context.scene
    if border:
        x0, y0, x1, y1 = border
        sc.render.use_border = True
        sc.render.use_crop_to_border = False
        sc.render.border_min_x, sc.render.border_max_x = x0, x1
        sc.render.border_min_y, sc.render.border_max_y = 1 - y1, 1 - y0
    sc.view_layers[0].cycles.use_pass_shadow_catcher = True
    sc.use_nodes = True
    tree = sc.node_tree
    tree.nodes.clear()
    layers = tree.nodes.new('CompositorNodeRLayers')
    out = tree.nodes.new('CompositorNodeOutputFile')
    out.base_path = os.path.join(out_dir, 'exr')
    out.format.file_format = 'OPEN_EXR'
    out.format.color_depth = '32'
    out.format.exr_codec = 'ZIP'
    out.file_slots.clear()
    out.file_slots.new('combined')
    out.file_slots.new('shadow')
    tree.links.new(layers.outputs['Image'], out.inputs['combined'])
    tree.links.new(layers.outputs['Shadow Catcher'], out.inputs['shadow'])
    comp = tree.nodes.new('CompositorNodeComposite')
    tree.links.new(layers.outputs['Image'], comp.inputs['Image'])
    bpy.ops.render.render(write_still=False)
    arrays = {}
    for name in ('combined', 'shadow'):
        img = bpy.data.images.load(os.path.join(out_dir, 'exr', f'{name}0001.exr'))
        buf = np.empty(len(img.pixels), np.float32)
        img.pixels.foreach_get(buf)
        # Blender stores rows bottom-up; the build script expects top-down.
        arrays[name] = buf.reshape(img.size[1], img.size[0], 4)[::-1]
    if border:
        h, w = arrays['combined'].shape[:2]
        # Two pixels inside Blender's own (pixel-snapped) border, so no unrendered pixel is
        # read as a covered or shadowed one; the margin holds neither anyway.
        inside = np.zeros((h, w), bool)
        inside[round(y0 * h) + 2:round(y1 * h) - 2, round(x0 * w) + 2:round(x1 * w) - 2] = True
        arrays['combined'][~inside] = 0
        arrays['shadow'][~inside] = 1
    # Combined is premultiplied (Cycles' film); keep it that way, the build unpremultiplies.
    np.save(os.path.join(out_dir, 'premul.npy'), np.ascontiguousarray(arrays['combined']))
    # The catcher pass is the ratio lit/unlit floor per channel (1 = no shadow).
    np.save(os.path.join(out_dir, 'catcher.npy'),
            np.ascontiguousarray(arrays['shadow'][..., :3]))
