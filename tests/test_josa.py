from desktop_app.josa import particle


def test_particles_follow_the_last_syllable() -> None:
    assert [w + particle(w) for w in ("청솔식품", "바른제조", "㈜한빛")] == ["청솔식품과", "바른제조와", "㈜한빛과"]
    assert particle("빅데이터", "을") == "를" and particle("사업자등록번호", "을") == "를"
    assert particle("기업명", "은") == "은" and particle("ABC") == "와(과)"
