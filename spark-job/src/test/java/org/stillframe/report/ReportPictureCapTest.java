package org.stillframe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Past {@link MoviePictures#MAX_PICTURED} movies the page keeps pictures for that many, the outliers among them
 * wherever they are in the table; failed movies have none.
 */
class ReportPictureCapTest {

    @Test
    void aLargeDatasetKeepsPicturesForTheCapOutliersFirst() {
        List<ReportModel.Movie> movies = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String outlier = i == 1990 ? "drift" : i == 1995 ? "local" : "";
            movies.add(movie(String.format(Locale.ROOT, "m%04d", i), i == 5 ? "failed" : "ok", outlier));
        }
        Set<String> pictured = MoviePictures.pictured(movies);
        assertEquals(MoviePictures.MAX_PICTURED, pictured.size());
        assertTrue(pictured.contains("m1990") && pictured.contains("m1995"), "outliers kept");
        assertFalse(pictured.contains("m0005"), "a failed movie has no pictures");
        assertTrue(pictured.contains("m0000") && !pictured.contains("m1989"), "then the table's order");
        assertEquals(10, MoviePictures.pictured(movies.subList(0, 11)).size(), "all ok movies under the cap");
    }

    private static ReportModel.Movie movie(String stem, String status, String outlier) {
        return new ReportModel.Movie(stem, "/d/" + stem, status, "", 1.0, 0.0, 1.0, null, 0, 0, 1, "cpu", "h",
                outlier, new double[0], new double[0], null, null, null, null);
    }
}
