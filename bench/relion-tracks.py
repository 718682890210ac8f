#!/usr/bin/env python3
"""RELION 3.1 polishing trajectories -> the trajectory table `stillframe particles accuracy` reads.

    relion-tracks.py TRACKS_STAR PARTICLES_STAR MOTION_STAR [--sign S] > TRAJECTORIES.tsv

TRACKS_STAR    relion_motion_refine's per-micrograph MOVIE_tracks.star
PARTICLES_STAR the particles STAR given to relion_motion_refine (coordinates in RELION's micrograph; only the rows of
               this micrograph, in file order, which is the order of the track blocks)
MOTION_STAR    relion_run_motioncorr's per-micrograph MOVIE.star (global shifts + polynomial local model)

What RELION writes (checked on the bench's simulated movie, see bench/polish.sh): MOVIE_tracks.star holds
data_general (_rlnParticleNumber) and then one block per particle, named 0, 1, ... in the input order, with one row
per frame (frame 1 first) of _rlnOriginXAngst/_rlnOriginYAngst: the particle's *position* in that frame, in
Angstrom (movie pixel size), relative to the whole pixel its box is cut at, floor(coordinate), not to the exact
coordinate: at frame 1 the tracks equal coordinate - floor(coordinate) plus RELION's estimate of the particle's
offset (regressing the frame-1 track on that fraction gives slope 0.98; subtracting it leaves a mean offset of
-0.05 / 0.01 px, against 0.42 / 0.50 px before). RELION's micrograph is aligned to frame 1, and frame 1 is not
pinned to 0 (each particle's position is part of the fit). A track follows the specimen's motion; stillframe's
tables hold the correction (MotionCor2 sign), so

    shift_px(frame) = S * (track_A(frame) / pixel_A - (coordinate - floor(coordinate)))
                      with S = -1 (--sign, for the sanity check only)

relative to frame 1 ("# reference frame: 1"). The residual columns (the particle's own part) are the shift minus
RELION's own movie motion at the particle, global(frame) + polynomial(x, y, t) from MOTION_STAR (RELION's
ThirdOrderPolynomialModel: x = X/W - 0.5, y = Y/H - 0.5, t = frame - start frame; coefficient index 3*m + k - 1
with monomials m = 1, x, x^2, y, y^2, xy and time powers k = 1..3; x then y), so `particles accuracy` reports
RELION's movie motion alone beside its polished trajectories.
"""
import math
import sys


def blocks(path):
    """STAR file -> {block name: (labels, rows)}, key/value blocks as ([labels], [[values]])."""
    out, name, labels, rows, in_loop = {}, None, [], [], False
    for raw in open(path):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('data_'):
            name, labels, rows, in_loop = line[5:], [], [], False
            out[name] = (labels, rows)
        elif line.startswith('loop_'):
            in_loop = True
        elif line.startswith('_'):
            parts = line.split()
            labels.append(parts[0])
            if not in_loop:  # key/value list
                if not rows:
                    rows.append([])
                rows[0].append(parts[1] if len(parts) > 1 else '')
        elif in_loop:
            rows.append(line.split())
    return out


def column(table, label):
    labels, rows = table
    i = labels.index(label)
    return [r[i] for r in rows]


def main(argv):
    sign = -1.0
    if '--sign' in argv:
        i = argv.index('--sign')
        sign = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if len(argv) != 4:
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    tracks_path, particles_path, motion_path = argv[1:]
    motion = blocks(motion_path)
    general = {k: v for k, v in zip(motion['general'][0], motion['general'][1][0])}
    width, height = float(general['_rlnImageSizeX']), float(general['_rlnImageSizeY'])
    pixel = float(general['_rlnMicrographOriginalPixelSize']) * float(general.get('_rlnMicrographBinning', 1))
    start = int(general.get('_rlnMicrographStartFrame', 1))
    glob = {int(f): (float(x), float(y)) for f, x, y in zip(column(motion['global_shift'], '_rlnMicrographFrameNumber'),
                                                          column(motion['global_shift'], '_rlnMicrographShiftX'),
                                                          column(motion['global_shift'], '_rlnMicrographShiftY'))}
    coeffs = [0.0] * 36
    if int(general.get('_rlnMotionModelVersion', 0)) == 1:
        for i, c in zip(column(motion['local_motion_model'], '_rlnMotionModelCoeffsIdx'),
                        column(motion['local_motion_model'], '_rlnMotionModelCoeff')):
            coeffs[int(i)] = float(c)

    def movie_shift(frame, cx, cy):
        """RELION's correction at (cx, cy) px in 1-based frame `frame` (Micrograph::getShiftAt)."""
        gx, gy = glob[frame]
        x, y, t = cx / width - 0.5, cy / height - 0.5, frame - start
        mono = (1, x, x * x, y, y * y, x * y)
        ux = sum(t ** k * mono[m] * coeffs[3 * m + k - 1] for m in range(6) for k in (1, 2, 3))
        uy = sum(t ** k * mono[m] * coeffs[18 + 3 * m + k - 1] for m in range(6) for k in (1, 2, 3))
        return gx + ux, gy + uy

    micrograph = general['_rlnMicrographMovieName']
    parts = blocks(particles_path)['particles']
    names = column(parts, '_rlnMicrographName')
    stem = micrograph.rsplit('/', 1)[-1].rsplit('.', 1)[0]
    xs = [float(v) for n, v in zip(names, column(parts, '_rlnCoordinateX')) if n.rsplit('/', 1)[-1].startswith(stem + '.')]
    ys = [float(v) for n, v in zip(names, column(parts, '_rlnCoordinateY')) if n.rsplit('/', 1)[-1].startswith(stem + '.')]
    tracks = blocks(tracks_path)
    count = int(tracks['general'][1][0][0])
    if count != len(xs):
        sys.stderr.write('relion-tracks.py: %s has %d particles, %s has %d of %s\n'
                         % (tracks_path, count, particles_path, len(xs), stem))
        return 1
    print('# relion_motion_refine tracks of %s (relion-tracks.py): per particle (1-based, input order) and frame'
          % tracks_path)
    print('# shift_x/y_px: -(track / %.4f A/px - (coordinate - floor(coordinate))) (correction sign);'
          ' residual_x/y_px: shift minus RELION\'s movie motion at the particle' % pixel)
    print('# reference frame: 1')
    print('particle\tx_px\ty_px\tframe\tshift_x_px\tshift_y_px\tresidual_x_px\tresidual_y_px\tsignal_z\tfallback')
    for p in range(count):
        tx = column(tracks[str(p)], '_rlnOriginXAngst')
        ty = column(tracks[str(p)], '_rlnOriginYAngst')
        for f in range(len(tx)):
            sx = sign * (float(tx[f]) / pixel - (xs[p] - math.floor(xs[p])))
            sy = sign * (float(ty[f]) / pixel - (ys[p] - math.floor(ys[p])))
            mx, my = movie_shift(f + 1, xs[p], ys[p])
            print('%d\t%.2f\t%.2f\t%d\t%.4f\t%.4f\t%.4f\t%.4f\tnan\tfalse'
                  % (p + 1, xs[p], ys[p], f + 1, sx, sy, sx - mx, sy - my))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
