"""Korean and English texts of the built-in issue codes (rule messages come from the forms)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("{label}: 필수 입력 항목입니다.", "{label}: this answer is required."),
    "type": ("{label}: {expected} 형식이어야 합니다.", "{label}: must be {expected_en}."),
    "unknown_field": (
        "이 양식에 없는 항목 '{key}'의 답변이 있습니다(무시되지 않고 보관됨).",
        "Answer for '{key}', which this form does not have (kept, not used).",
    ),
    "choice.unknown": (
        "{label}: '{value}'은(는) 고를 수 있는 값이 아닙니다. 가능한 값: {allowed}",
        "{label}: '{value}' is not one of the choices: {allowed_en}",
    ),
    "money.whole_won": ("{label}: 금액은 원 단위 정수로 입력하세요.", "{label}: enter whole won (no fractions)."),
    "min": ("{label}: {bound} 이상이어야 합니다.", "{label}: must be at least {bound}."),
    "max": ("{label}: {bound} 이하여야 합니다.", "{label}: must be at most {bound}."),
    "min_length": (
        "{label}: {bound}자 이상 입력하세요(현재 {actual}자).",
        "{label}: write at least {bound} characters (now {actual}).",
    ),
    "max_length": (
        "{label}: {bound}자 이내로 줄이세요(현재 {actual}자).",
        "{label}: shorten to {bound} characters (now {actual}).",
    ),
    "thin_text": (
        "{label}: 내용이 너무 짧습니다({actual}자). 평가위원이 판단할 수 있도록 구체적인 수량·방법·일정을 "
        "{bound}자 이상 적으세요.",
        "{label}: too short ({actual} characters). Reviewers reject vague plans: give quantities, "
        "methods and dates in at least {bound} characters.",
    ),
    "pattern": ("{label}: 입력 형식이 맞지 않습니다.", "{label}: the format is not accepted."),
    "brn.format": (
        "{label}: 사업자등록번호는 10자리 숫자(NNN-NN-NNNNN)입니다.",
        "{label}: a business registration number has 10 digits (NNN-NN-NNNNN).",
    ),
    "brn.checksum": (
        "{label}: 사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다. 사업자등록증을 보고 다시 입력하세요.",
        "{label}: the check digit (last digit) does not match; copy the number from the registration certificate.",
    ),
    "crn.format": (
        "{label}: 법인등록번호는 13자리 숫자(NNNNNN-NNNNNNN)입니다.",
        "{label}: a corporate registration number has 13 digits (NNNNNN-NNNNNNN).",
    ),
    "crn.checksum": (
        "{label}: 법인등록번호의 검증번호(마지막 자리)가 맞지 않습니다. 법인등기사항증명서를 확인하세요.",
        "{label}: the check digit (last digit) does not match; check the corporate register extract.",
    ),
    "phone.format": (
        "{label}: 전화번호 형식이 아닙니다(예: 010-1234-5678, 02-123-4567).",
        "{label}: not a Korean phone number (e.g. 010-1234-5678, 02-123-4567).",
    ),
    "email.format": ("{label}: 이메일 주소 형식이 아닙니다.", "{label}: not an e-mail address."),
    "postcode.format": ("{label}: 우편번호는 5자리 숫자입니다.", "{label}: a postal code has 5 digits."),
    "boolean.unknown": (
        "{label}: '{value}'은(는) 예/아니오 답이 아닙니다. '예' 또는 '아니오'를 고르세요.",
        "{label}: '{value}' is not a yes/no answer; choose 'yes' or 'no'.",
    ),
    "date.format": (
        "{label}: '{value}'은(는) 날짜로 읽을 수 없습니다. 예) {examples}",
        "{label}: '{value}' is not a date; write e.g. {examples}.",
    ),
    "datetime.format": (
        "{label}: '{value}'은(는) 일시로 읽을 수 없습니다. 예) 2020-06-15 15:00",
        "{label}: '{value}' is not a date and time; write e.g. 2020-06-15 15:00.",
    ),
    "image.type": (
        "{label}: PNG 또는 JPEG 이미지 파일이어야 합니다.",
        "{label}: must be a PNG or JPEG image.",
    ),
    "file.not_found": ("{label}: 파일을 찾을 수 없습니다: {name}", "{label}: file not found: {name}"),
    "table.min_rows": (
        "{label}: 최소 {bound}행이 필요합니다(현재 {actual}행).",
        "{label}: needs at least {bound} rows (now {actual}).",
    ),
    "table.max_rows": (
        "{label}: 최대 {bound}행까지 입력할 수 있습니다(현재 {actual}행).",
        "{label}: at most {bound} rows (now {actual}).",
    ),
    "computed_mismatch": (
        "{label}: 자동 계산 값 {expected}과(와) 다릅니다(입력 {actual}).",
        "{label}: differs from the computed value {expected} (given {actual}).",
    ),
    "attachment.missing": (
        "첨부 「{label}」이(가) 필요합니다.",
        "Attachment '{label}' is required.",
    ),
    "attachment.type": (
        "첨부 「{label}」: {name}은(는) 허용되지 않는 형식입니다(허용: {allowed}).",
        "Attachment '{label}': {name} is not an accepted type ({allowed}).",
    ),
    "attachment.size": (
        "첨부 「{label}」: {name}이(가) 최대 크기 {bound}MB를 넘습니다.",
        "Attachment '{label}': {name} is larger than {bound} MB.",
    ),
    "client_document.expired": (
        "첨부 「{label}」: 고객사 서류 {document_ko}({name})의 유효기간이 지났습니다 — 발급일 {issued}, "
        "{expires}까지 유효({rule_ko}). 새로 발급받아 고객사 서류에 추가하거나 이 신청서에 직접 첨부하세요.",
        "Attachment '{label}': the client's {document_en} ({name}) has expired — issued {issued}, "
        "good until {expires} ({rule_en}). Add a newly issued one to the client's documents or "
        "attach one to this application.",
    ),
    "client_document.expiring": (
        "첨부 「{label}」: 고객사 서류 {document_ko}({name})이(가) {days}일 뒤 {expires}에 만료됩니다 "
        "(발급일 {issued}, {rule_ko}). 제출일까지 유효한지 확인하세요.",
        "Attachment '{label}': the client's {document_en} ({name}) expires in {days} day(s), on "
        "{expires} (issued {issued}, {rule_en}). Make sure it is still good on the day you submit.",
    ),
    "attachment.unknown": (
        "양식에 없는 첨부 항목 '{key}'이(가) 있습니다.",
        "Attachment '{key}' is not a requirement of this form.",
    ),
}


def render(code: str, **params: object) -> tuple[str, str]:
    ko, en = MESSAGES[code]
    return ko.format(**params), en.format(**params)
