package forecast.domain.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.preprocessing.Normalization.Kind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static final double NAN = Double.NaN;

    @Test
    void zScoreGivesTrainingValuesMeanZeroAndUnitSd() {
        var z = Normalization.fit(Kind.Z_SCORE, new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(5, z.center(), 1e-12);
        assertEquals(2, z.scale(), 1e-12); // population sd
        double[] t = z.transform(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(0, mean(t), 1e-12);
        assertEquals(1, Math.sqrt(meanSquare(t)), 1e-12);
    }

    @Test
    void minMaxMapsTrainingRangeOntoZeroToOne() {
        var m = Normalization.fit(Kind.MIN_MAX, new double[] {150, 110, 190, 130});
        assertEquals(110, m.center());
        assertEquals(80, m.scale());
        assertArrayEquals(new double[] {0.5, 0, 1, 0.25}, m.transform(new double[] {150, 110, 190, 130}), 1e-15);
    }

    @Test
    void valuesOutsideTheTrainingRangeAreNotClipped() {
        var m = Normalization.fit(Kind.MIN_MAX, new double[] {0, 10});
        assertEquals(1.5, m.transform(15));
        assertEquals(-0.5, m.transform(-5));
    }

    @Test
    void fittingSkipsGaps() {
        var withGaps = Normalization.fit(Kind.Z_SCORE, new double[] {NAN, 1, 2, NAN, 3, NAN});
        var without = Normalization.fit(Kind.Z_SCORE, new double[] {1, 2, 3});
        assertEquals(without, withGaps);
        assertEquals(Normalization.fit(Kind.MIN_MAX, new double[] {1, 3}), Normalization.fit(Kind.MIN_MAX, new double[] {NAN, 3, 1}));
    }

    @Test
    void gapsPassThroughBothDirections() {
        var z = Normalization.fit(Kind.Z_SCORE, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(z.transform(NAN)));
        assertTrue(Double.isNaN(z.inverse(NAN)));
    }

    @Test
    void inverseUndoesTransformUpToRounding() {
        var random = new Random(7);
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) x[i] = 150 + 40 * random.nextGaussian();
        for (var kind : Kind.values()) {
            var n = Normalization.fit(kind, x);
            double[] back = n.inverse(n.transform(x));
            for (int i = 0; i < x.length; i++) assertEquals(x[i], back[i], 1e-12 * Math.abs(x[i]), kind + " at " + i);
        }
    }

    @Test
    void inverseSpreadScalesWithoutShifting() {
        var z = Normalization.fit(Kind.Z_SCORE, new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(3.0, z.inverseSpread(1.5), 1e-12);
        assertEquals(z.inverse(1.5) - z.inverse(0), z.inverseSpread(1.5), 1e-12);
    }

    @Test
    void constantSeriesGetsScaleOneAndBecomesZeros() {
        for (var kind : new Kind[] {Kind.Z_SCORE, Kind.MIN_MAX}) {
            var n = Normalization.fit(kind, new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, NAN});
            assertEquals(1, n.scale(), kind.id());
            assertEquals(0.1, n.center(), kind.id());
            assertArrayEquals(new double[] {0, 0}, n.transform(new double[] {0.1, 0.1}));
            assertEquals(0.1, n.inverse(0));
        }
    }

    @Test
    void singleObservationIsConstant() {
        var n = Normalization.fit(Kind.Z_SCORE, new double[] {NAN, 42});
        assertEquals(new Normalization(Kind.Z_SCORE, 42, 1), n);
    }

    @Test
    void spreadAtRoundingLevelIsTreatedAsConstant() {
        double x = 1e6;
        var n = Normalization.fit(Kind.MIN_MAX, new double[] {x, Math.nextUp(x)});
        assertEquals(1, n.scale());
    }

    @Test
    void tinyButRealSpreadIsKept() {
        var n = Normalization.fit(Kind.MIN_MAX, new double[] {1e-20, 3e-20});
        assertEquals(2e-20, n.scale(), 1e-35);
        assertEquals(1, n.transform(3e-20), 1e-12);
    }

    @Test
    void fittingWithoutObservedValuesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Normalization.fit(Kind.Z_SCORE, new double[] {NAN, NAN}));
        assertThrows(IllegalArgumentException.class, () -> Normalization.fit(Kind.MIN_MAX, new double[0]));
    }

    @Test
    void infiniteOrOverflowingValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Normalization.fit(Kind.Z_SCORE, new double[] {1, Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> Normalization.fit(Kind.MIN_MAX, new double[] {-Double.MAX_VALUE, Double.MAX_VALUE}));
    }

    @Test
    void noneIsTheIdentityWhateverTheValues() {
        assertSame(Normalization.NONE, Normalization.fit(Kind.NONE, new double[] {NAN}));
        assertEquals(123.5, Normalization.NONE.transform(123.5));
        assertEquals(123.5, Normalization.NONE.inverse(123.5));
    }

    @Test
    void invalidParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(Kind.Z_SCORE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(Kind.Z_SCORE, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(Kind.Z_SCORE, NAN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(Kind.MIN_MAX, 0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(Kind.NONE, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(null, 0, 1));
    }

    @Test
    void textFormRoundTripsBitForBit() {
        var random = new Random(11);
        for (int i = 0; i < 200; i++) {
            var kind = i % 2 == 0 ? Kind.Z_SCORE : Kind.MIN_MAX;
            var n = new Normalization(kind, random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20),
                    Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(40) - 20) + Double.MIN_VALUE);
            var back = Normalization.parse(n.toString());
            assertEquals(Double.doubleToRawLongBits(n.center()), Double.doubleToRawLongBits(back.center()), n.toString());
            assertEquals(Double.doubleToRawLongBits(n.scale()), Double.doubleToRawLongBits(back.scale()), n.toString());
            assertEquals(n, back);
        }
        assertEquals(Normalization.NONE, Normalization.parse(Normalization.NONE.toString()));
        assertEquals(Normalization.NONE, Normalization.parse("none"));
    }

    @Test
    void textFormIsCompactAndReadable() {
        assertEquals("z_score center=150.25 scale=12.5", new Normalization(Kind.Z_SCORE, 150.25, 12.5).toString());
        assertEquals("min_max center=-3.0 scale=1.0E-5", new Normalization(Kind.MIN_MAX, -3, 1e-5).toString());
    }

    @Test
    void malformedTextIsRefused() {
        for (var text : new String[] {"", "z_score", "z_score 1 2", "z_score center=x scale=1", "z_score center=1 scale=0",
                "log center=1 scale=1", "z_score center=1 scale=NaN", "none center=1 scale=1"}) {
            assertThrows(IllegalArgumentException.class, () -> Normalization.parse(text), text);
        }
    }

    @Test
    void kindIsReadFromConfigurationNames() {
        assertEquals(Kind.Z_SCORE, Kind.parse("zscore"));
        assertEquals(Kind.Z_SCORE, Kind.parse(" Z-Score "));
        assertEquals(Kind.MIN_MAX, Kind.parse("min_max"));
        assertEquals(Kind.NONE, Kind.parse("none"));
        assertEquals("min_max", Kind.MIN_MAX.id());
        assertThrows(IllegalArgumentException.class, () -> Kind.parse("robust"));
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) s += x;
        return s / a.length;
    }

    private static double meanSquare(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return s / a.length;
    }
}
