package org.stillframe.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MotionCor2-style command-line arguments: a tag ({@code -InMrc}) followed by its values up to the next tag.
 * Tags match case-insensitively and list values may also be separated by commas, as in MotionCor2/3. A token
 * starting with '-' is a tag only if a letter follows, so negative numbers ({@code -FmRef -1}) are values.
 */
public final class MotionCorArgs {

    /** Flags stillframe understands, in MotionCor2's spelling. */
    static final List<String> SUPPORTED = List.of("-InMrc", "-InTiff", "-InEer", "-EerSampling", "-OutMrc", "-OutStar", "-Gain", "-Dark", "-RotGain", "-FlipGain",
            "-DefectFile", "-Iter", "-Tol", "-Bft", "-PhaseOnly", "-Group", "-FmRef", "-Throw", "-Trunc", "-Gpu",
            "-LogDir", "-Kv", "-PixSize", "-FmDose", "-InitDose", "-FmIntFile", "-SumRange", "-SplitSum",
            "-OutStack", "-FtBin", "-Mag", "-InFmMotion", "-Serial", "-InSuffix", "-InSkips", "-Patch", "-Threads", "-Smooth",
            "-FeaturePatch", "-Cs", "-AmpCont", "-LogFile", "-GainOrient");

    /** MotionCor2/3 flags that stillframe does not implement yet: named in the error instead of ignored. */
    static final Set<String> NOT_YET = Set.of("-DefectMap", "-InvGain",
            "-SumRangeDWS", "-Crop", "-Align", "-Tilt", "-GpuMemUsage",
            "-UseGpus", "-OutAln", "-InAln", "-FullSum", "-TiffOrder", "-CorrInterp",
            "-ExtPhase", "-ArcDir", "-MaskCent", "-MaskSize", "-OutStk");

    private final Map<String, List<String>> values;

    private MotionCorArgs(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses the arguments; unknown or not-yet-supported flags are a {@link UsageException}. */
    public static MotionCorArgs parse(String[] args) throws UsageException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String current = null;
        for (String raw : args) {
            // --relion-star (stillframe's name) is MotionCor3's -OutStar 1.
            boolean relion = raw.equalsIgnoreCase("--relion-star");
            String token = relion ? "-OutStar" : raw;
            if (relion && !out.containsKey("-OutStar")) {
                out.put("-OutStar", new ArrayList<>(List.of("1")));
                current = null;
                continue;
            }
            if (isTag(token)) {
                current = canonical(token);
                if (out.containsKey(current)) {
                    throw new UsageException(current + " is given twice");
                }
                out.put(current, new ArrayList<>());
            } else {
                if (current == null) {
                    throw new UsageException("expected a flag such as -InMrc, got '" + token + "'");
                }
                for (String part : token.split(",")) {
                    if (!part.isEmpty()) {
                        out.get(current).add(part);
                    }
                }
            }
        }
        return new MotionCorArgs(out);
    }

    private static boolean isTag(String token) {
        return token.length() > 1 && token.charAt(0) == '-' && Character.isLetter(token.charAt(1));
    }

    private static String canonical(String tag) throws UsageException {
        for (String s : SUPPORTED) {
            if (s.equalsIgnoreCase(tag)) {
                return s;
            }
        }
        for (String s : NOT_YET) {
            if (s.equalsIgnoreCase(tag)) {
                throw new UsageException(s + " is a MotionCor2 flag that stillframe does not support yet");
            }
        }
        throw new UsageException("unknown flag " + tag + " (stillframe motioncor -h lists the flags)");
    }

    public boolean has(String flag) {
        return values.containsKey(flag);
    }

    /** The values of a flag, or an empty list when absent. */
    public List<String> list(String flag) {
        return values.getOrDefault(flag, List.of());
    }

    public String string(String flag) throws UsageException {
        List<String> v = list(flag);
        if (v.size() != 1) {
            throw new UsageException(flag + " takes one value, got " + v.size());
        }
        return v.get(0);
    }

    public int integer(String flag, int fallback) throws UsageException {
        return has(flag) ? integerAt(flag, 0) : fallback;
    }

    public int integerAt(String flag, int index) throws UsageException {
        String s = list(flag).size() > index ? list(flag).get(index) : null;
        if (s == null) {
            throw new UsageException(flag + " needs a value");
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes an integer, got '" + s + "'");
        }
    }

    public double number(String flag, double fallback) throws UsageException {
        return has(flag) ? numberAt(flag, 0) : fallback;
    }

    public double numberAt(String flag, int index) throws UsageException {
        String s = list(flag).size() > index ? list(flag).get(index) : null;
        if (s == null) {
            throw new UsageException(flag + " needs a value");
        }
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes a number, got '" + s + "'");
        }
    }

    /** Flags as given, lower-cased, for the options hash. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k.toLowerCase(Locale.ROOT)).append('=').append(v).append(' '));
        return sb.toString().trim();
    }

    /** {@code base} flags with any flag also in {@code override} replaced by the override's (case-insensitive). */
    public static List<String> mergeFlags(List<String> base, List<String> override) {
        List<String> given = new ArrayList<>();
        for (String f : override) {
            if (isTag(f)) {
                given.add(f.toLowerCase(Locale.ROOT));
            }
        }
        List<String> out = new ArrayList<>();
        boolean dropping = false;
        for (String f : base) {
            if (isTag(f)) {
                dropping = given.contains(f.toLowerCase(Locale.ROOT));
            }
            if (!dropping) {
                out.add(f);
            }
        }
        out.addAll(override);
        return out;
    }

}
