"""The fixed wording of the PDF (everything that does not come from the form definition)."""

from __future__ import annotations

_TEXTS: dict[str, tuple[str, str]] = {
    "edition": ("공고 회차", "Edition"),
    "agency": ("주관 기관", "Agency"),
    "deadline": ("접수 마감", "Deadline"),
    "applicant": ("신청 기업", "Applicant"),
    "app_id": ("신청 번호", "Application no."),
    "created": ("작성일", "Prepared on"),
    "computed": ("자동 계산 항목", "Calculated values"),
    "attachments": ("첨부 서류 확인표", "Attachment checklist"),
    "att_no": ("번호", "No."),
    "att_label": ("첨부 서류", "Document"),
    "att_required": ("구분", "Required"),
    "att_files": ("제출 파일", "Files"),
    "att_status": ("상태", "Status"),
    "required": ("필수", "Required"),
    "optional": ("선택", "Optional"),
    "provided": ("제출", "Provided"),
    "missing": ("미제출", "Missing"),
    "files": ("{n}개", "{n}"),
    "no_rows": ("(입력된 행 없음)", "(no rows)"),
    "row_no": ("번호", "No."),
    "yes": ("예", "Yes"),
    "no": ("아니오", "No"),
    "image_missing": ("이미지 파일 없음: {name}", "Image file not found: {name}"),
    "page": ("{x} / {y} 쪽", "Page {x} / {y}"),
    "hash": ("확인값 {h}", "Check {h}"),
    "draft_note": (
        "초안입니다. 제출 전에 고쳐야 할 오류가 {n}건 남아 있습니다.",
        "This is a draft. {n} error(s) must be fixed before submission.",
    ),
    "draft_note_forced": ("초안입니다 (제출용 아님).", "This is a draft (not for submission)."),
}

WATERMARK = "DRAFT / 초안"


def t(key: str, lang: str, **params: object) -> str:
    ko, en = _TEXTS[key]
    text = en if lang == "en" else ko
    return text.format(**params) if params else text
