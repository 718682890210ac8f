package org.stillframe.polish;

/** RELION's Euler angle convention (ZYZ: rot, tilt, psi in degrees) as a rotation matrix. */
public final class Euler {

    private Euler() {
    }

    /**
     * RELION's Euler matrix for angles rot, tilt, psi (degrees): the volume point r appears in the projection at
     * (A·r)_x,y; the 3D Fourier component of a 2D frequency k of the projection is at Aᵀ·(k, 0).
     */
    public static double[][] matrix(double rotDeg, double tiltDeg, double psiDeg) {
        double a = Math.toRadians(rotDeg);
        double b = Math.toRadians(tiltDeg);
        double g = Math.toRadians(psiDeg);
        double ca = Math.cos(a);
        double sa = Math.sin(a);
        double cb = Math.cos(b);
        double sb = Math.sin(b);
        double cg = Math.cos(g);
        double sg = Math.sin(g);
        double cc = cb * ca;
        double cs = cb * sa;
        double sc = sb * ca;
        double ss = sb * sa;
        return new double[][] {
            {cg * cc - sg * sa, cg * cs + sg * ca, -cg * sb},
            {-sg * cc - cg * sa, -sg * cs + cg * ca, sg * sb},
            {sc, ss, cb}};
    }
}
