package bridgepoint.export;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ASCII slugs from Vietnamese text, as the frab format wants them. */
class SlugsTest {

    @Test
    void vietnameseMarksAreRemovedAndDBecomesD() {
        assertEquals("diem-cau-da-nang", Slugs.of("Điểm cầu Đà Nẵng", '-'));
        assertEquals("tran_quoc_to", Slugs.of("Trần Quốc Tỏ", '_'));
        assertEquals("hoi-truong-bo-cong-an", Slugs.of("  Hội trường — Bộ Công an!  ", '-'));
        assertEquals("quyet-dinh-23-qd-tw", Slugs.of("Quyết định 23-QĐ/TW", '-'));
        assertEquals("uu-tien-o", Slugs.of("Ưu tiên ơ", '-'));
        assertEquals("", Slugs.of("—", '-'));
        assertEquals("", Slugs.of(null, '-'));
    }

    @Test
    void longSlugsAreCutAtASeparator() {
        assertEquals(
                "hoi_nghi_truc_tuyen_tong_ket_cong_tac",
                Slugs.of("Hội nghị trực tuyến tổng kết công tác dân vận", '_', 40));
        assertEquals("abcdefgh", Slugs.of("abcdefghijkl", '-', 8));
    }
}
