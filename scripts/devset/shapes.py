"""Procedural geometry and materials for the subjects (no downloaded assets)."""

import math

import bpy
import bmesh
from mathutils import Vector


def material(name, color, roughness=0.5, metallic=0.0, specular=0.5, clearcoat=0.0,
             transmission=0.0, ior=1.45, subsurface=0.0):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes['Principled BSDF']
    bsdf.inputs['Base Color'].default_value = (*color, 1)
    bsdf.inputs['Roughness'].default_value = roughness
    bsdf.inputs['Metallic'].default_value = metallic
    bsdf.inputs['Specular'].default_value = specular
    bsdf.inputs['Clearcoat'].default_value = clearcoat
    bsdf.inputs['Clearcoat Roughness'].default_value = 0.05
    bsdf.inputs['Transmission'].default_value = transmission
    bsdf.inputs['IOR'].default_value = ior
    bsdf.inputs['Subsurface'].default_value = subsurface
    bsdf.inputs['Subsurface Color'].default_value = (*color, 1)
    return mat


def assign(obj, mat):
    obj.data.materials.clear()
    obj.data.materials.append(mat)
    return obj


def smooth(obj, subdivisions=0):
    for poly in getattr(obj.data, 'polygons', []):
        poly.use_smooth = True
    if subdivisions:
        mod = obj.modifiers.new('subsurf', 'SUBSURF')
        mod.levels = subdivisions
        mod.render_levels = subdivisions
    return obj


def chaikin(profile, rounds=3):
    """Round a coarse profile by corner cutting; the two end points stay where they are."""
    pts = list(profile)
    for _ in range(rounds):
        out = [pts[0]]
        for (ax, az), (bx, bz) in zip(pts, pts[1:]):
            out.append((0.75 * ax + 0.25 * bx, 0.75 * az + 0.25 * bz))
            out.append((0.25 * ax + 0.75 * bx, 0.25 * az + 0.75 * bz))
        out.append(pts[-1])
        pts = out
    return pts


def lathe(name, profile, segments=96, location=(0, 0, 0), closed=False, rounds=3):
    """Revolve a (radius, z) profile about Z: mugs, vases, bottles, kettle bodies."""
    profile = chaikin(profile, rounds)
    mesh = bpy.data.meshes.new(name)
    bm = bmesh.new()
    rings = []
    for i in range(segments):
        a = 2 * math.pi * i / segments
        ca, sa = math.cos(a), math.sin(a)
        rings.append([bm.verts.new((r * ca, r * sa, z)) for r, z in profile])
    n = len(profile)
    for i in range(segments):
        ring, nxt = rings[i], rings[(i + 1) % segments]
        last = n if closed else n - 1
        for j in range(last):
            k = (j + 1) % n
            bm.faces.new((ring[j], nxt[j], nxt[k], ring[k]))
    bm.normal_update()
    bmesh.ops.recalc_face_normals(bm, faces=bm.faces)
    bmesh.ops.remove_doubles(bm, verts=bm.verts, dist=1e-6)
    bm.to_mesh(mesh)
    bm.free()
    obj = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = location
    return smooth(obj)


def tube(name, points, radius, resolution=8, cyclic=False, location=(0, 0, 0)):
    """A round wire/cable along a poly-bezier through `points`."""
    curve = bpy.data.curves.new(name, 'CURVE')
    curve.dimensions = '3D'
    curve.bevel_depth = radius
    curve.bevel_resolution = resolution // 2
    curve.resolution_u = 12
    curve.use_fill_caps = True
    spline = curve.splines.new('BEZIER')
    spline.bezier_points.add(len(points) - 1)
    for bp, p in zip(spline.bezier_points, points):
        bp.co = p
        bp.handle_left_type = 'AUTO'
        bp.handle_right_type = 'AUTO'
    spline.use_cyclic_u = cyclic
    obj = bpy.data.objects.new(name, curve)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = location
    return obj


def circle_points(radius, z, count=16):
    return [(radius * math.cos(2 * math.pi * i / count), radius * math.sin(2 * math.pi * i / count),
             z) for i in range(count)]


def cylinder(name, radius, depth, location, rotation=(0, 0, 0), vertices=48):
    bpy.ops.mesh.primitive_cylinder_add(radius=radius, depth=depth, location=location,
                                        rotation=rotation, vertices=vertices)
    obj = bpy.context.object
    obj.name = name
    return obj


def rod(name, start, end, radius, vertices=16):
    """A cylinder from `start` to `end` (stool legs, rungs)."""
    a, b = Vector(start), Vector(end)
    mid = (a + b) / 2
    d = b - a
    obj = cylinder(name, radius, d.length, mid, vertices=vertices)
    obj.rotation_mode = 'QUATERNION'
    obj.rotation_quaternion = d.to_track_quat('Z', 'Y')
    return smooth(obj)


def box(name, size, location, bevel=0.0):
    bpy.ops.mesh.primitive_cube_add(size=1, location=location)
    obj = bpy.context.object
    obj.name = name
    obj.scale = size
    bpy.ops.object.transform_apply(location=False, rotation=False, scale=True)
    if bevel:
        mod = obj.modifiers.new('bevel', 'BEVEL')
        mod.width = bevel
        mod.segments = 3
    return obj


def torus(name, major, minor, location, rotation=(0, 0, 0), segments=(96, 24)):
    bpy.ops.mesh.primitive_torus_add(major_radius=major, minor_radius=minor, location=location,
                                     rotation=rotation, major_segments=segments[0],
                                     minor_segments=segments[1])
    obj = bpy.context.object
    obj.name = name
    return smooth(obj)


def sphere(name, radius, location, subdivisions=5):
    bpy.ops.mesh.primitive_ico_sphere_add(radius=radius, location=location,
                                          subdivisions=subdivisions)
    obj = bpy.context.object
    obj.name = name
    return smooth(obj)


def text(name, body, size, location, rotation, extrude=0.0, align='CENTER'):
    curve = bpy.data.curves.new(name, 'FONT')
    curve.body = body
    curve.size = size
    curve.extrude = extrude
    curve.align_x = align
    curve.align_y = 'CENTER'
    obj = bpy.data.objects.new(name, curve)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = location
    obj.rotation_euler = rotation
    return obj
