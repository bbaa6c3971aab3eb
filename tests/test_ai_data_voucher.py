"""The AI data processing voucher 2020 form: samples, every rule, computed values, visibility and
attachment conditions, each checked on a minimally changed sample.

Validation always runs with TODAY, a fixed day inside the application window
(opens 2020-05-13 09:00, deadline 2020-06-15 15:00 KST).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from answer_edits import attachment_files, with_changes

from desktop_app.forms import FormDefinition, find_form
from desktop_app.forms.model import Setting, Text
from desktop_app.validation.engine import AttachmentFile, ValidationResult, validate

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "tests" / "fixtures" / "answers"
TODAY = dt.date(2020, 5, 20)
KINDS = ("sme", "micro", "solo", "founder")


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return find_form("ai-data-voucher@2020")


def sample(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ANSWERS / f"ai-data-voucher-2020-{kind}.json").read_text(encoding="utf-8"))
    return data


def run(form: FormDefinition, data: dict[str, Any], today: dt.date = TODAY) -> ValidationResult:
    return validate(form, data["answers"], attachments=attachment_files(data, ANSWERS), today=today,
                    file_exists=lambda name: (ANSWERS / name).is_file())


def changed(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The sample with answers changed; keys like `schedule[3].task_end`; None deletes the answer."""
    return with_changes(sample(kind), changes)


def found(result: ValidationResult) -> set[tuple[str, str]]:
    return {(i.path, i.code) for i in result.issues}


def codes(result: ValidationResult) -> set[str]:
    return {i.code for i in result.issues}


# ---------------------------------------------------------------------------------------- samples

EXPECTED_INFO = {
    "sme": {"youth_bonus", "regional_bonus", "crowdsourcing_bonus"},
    "micro": {"micro_merchant_quota", "regional_bonus"},
    "solo": {"youth_bonus", "crowdsourcing_bonus"},
    "founder": {"youth_bonus", "regional_bonus"},
}

EXPECTED_ATTACHMENTS = {
    "sme": {"brn_certificate", "corporate_register", "sme_certificate", "insurance_roster",
            "financial_statements"},
    "micro": {"brn_certificate", "sme_certificate", "insurance_roster", "financial_statements"},
    "solo": {"brn_certificate", "solo_proof", "financial_statements"},
    "founder": {"founder_registration_fact"},
}
ALWAYS = {"tax_certificate", "supplier_quote", "prior_agreement", "participation_pledge", "consent_forms"}


@pytest.mark.parametrize("kind", KINDS)
def test_sample_is_complete_with_only_the_intended_info(form: FormDefinition, kind: str) -> None:
    data = sample(kind)
    assert data["form"] == form.key
    result = run(form, data)
    assert [(i.path, i.code) for i in result.issues if i.severity != "info"] == []
    assert {i.code for i in result.issues if i.severity == "info"} == EXPECTED_INFO[kind]
    assert result.percent == 100
    assert set(result.required_attachments) == EXPECTED_ATTACHMENTS[kind] | ALWAYS
    assert set(data["attachments"]) == set(result.required_attachments)


@pytest.mark.parametrize("kind", KINDS)
def test_sample_stays_valid_after_the_deadline(form: FormDefinition, kind: str) -> None:
    """Nothing in the form depends on the calendar except `max: today` on past dates."""
    result = run(form, sample(kind), today=dt.date(2026, 1, 1))
    assert not result.blocking


def test_applicant_types_branch(form: FormDefinition) -> None:
    types = {k: sample(k)["answers"]["applicant_type"] for k in KINDS}
    assert types == {"sme": "sme", "micro": "micro", "solo": "solo", "founder": "founder"}
    assert sample("sme")["answers"]["entity_type"] == "corporation"
    assert sample("micro")["answers"]["entity_type"] == "individual"
    assert "brn" not in sample("founder")["answers"]


# ---------------------------------------------------------------------------------------- rules
# (rule id, sample, changes, path the issue is reported at, severity)
CASES: list[tuple[str, str, dict[str, Any], str, str]] = [
    ("both_tracks", "sme", {"applied_other_track": True}, "applied_other_track", "error"),
    ("multiple_tasks", "micro", {"other_task_applied": True}, "other_task_applied", "error"),
    ("duplicate_support", "solo", {"duplicate_support": True}, "duplicate_support", "error"),
    ("institution_general_track", "sme",
     {"applicant_type": "institution", "entity_type": "institution", "brn": "305-82-01176", "crn": None,
      "capital": None}, "applicant_type", "error"),
    ("tax_arrears", "founder", {"tax_arrears": True}, "tax_arrears", "error"),
    ("business_not_operating", "sme", {"business_status": "suspended"}, "business_status", "error"),
    ("sme_certificate_expired", "sme", {"sme_cert_valid_until": "2020-03-31"}, "sme_cert_valid_until", "error"),
    ("founder_has_brn", "founder", {"brn": "124-81-00998"}, "applicant_type", "error"),
    ("founder_not_declared", "founder", {"founder_no_registration": False}, "founder_no_registration", "error"),
    ("founder_register_pledge", "founder", {"founder_will_register": False}, "founder_will_register", "error"),
    ("micro_too_many_employees", "micro", {"employees": 5}, "employees", "error"),
    ("solo_has_employees", "solo", {"employees": 1}, "employees", "error"),
    ("entity_type_mismatch", "micro", {"entity_type": "corporation"}, "entity_type", "error"),
    ("simplified_tax_not_individual", "sme", {"tax_type": "simplified"}, "tax_type", "error"),
    ("exempt_number_tax_type", "micro", {"brn": "605-90-02139"}, "tax_type", "warning"),
    ("capital_impairment", "sme", {"equity": 0}, "equity", "error"),
    ("partial_capital_impairment", "sme", {"equity": 200000000}, "equity", "warning"),
    ("supplier_not_registered", "solo", {"supplier_registered": False}, "supplier_registered", "error"),
    ("supplier_subcontracting", "sme", {"supplier_subcontract": True}, "supplier_subcontract", "error"),
    ("supplier_is_applicant", "sme", {"supplier_brn": "314-81-02134"}, "supplier_brn", "error"),
    ("project_end_before_start", "sme", {"project_end": "2020-06-30"}, "project_end", "error"),
    ("project_too_long", "sme", {"project_start": "2020-07-01", "project_end": "2020-12-10"}, "project_end",
     "error"),
    ("project_starts_early", "solo", {"project_start": "2020-06-22", "schedule[0].task_start": "2020-06-22"},
     "project_start", "warning"),
    ("project_ends_late", "founder", {"project_start": "2020-09-01", "project_end": "2021-01-15"}, "project_end",
     "warning"),
    ("budget_lines_sum", "sme", {"budget[3].quantity": 4000, "budget[3].amount": None}, "total_cost", "error"),
    ("shares_sum", "sme", {"private_share": 1000000, "private_cash": 1000000}, "total_cost", "error"),
    ("gov_share_over_cap", "sme", {"gov_share": 71800000, "private_share": 0, "private_cash": None}, "gov_share",
     "error"),
    ("private_cash_over_share", "sme", {"private_cash": 2000000}, "private_cash", "error"),
    ("consent_privacy_refused", "micro", {"consent_privacy": False}, "consent_privacy", "error"),
    ("consent_third_party_refused", "micro", {"consent_third_party": False}, "consent_third_party", "error"),
    ("integrity_pledge_missing", "micro", {"pledge_integrity": False}, "pledge_integrity", "error"),
    ("signed_after_deadline", "solo", {"sign_date": "2020-06-16"}, "sign_date", "error"),
    ("signed_before_notice", "solo", {"sign_date": "2020-05-01"}, "sign_date", "warning"),
    ("regional_claim_invalid", "solo", {"regional_claim": True}, "regional_claim", "error"),
    ("regional_unclaimed", "sme", {"regional_claim": False}, "regional_claim", "info"),
    ("regional_bonus", "micro", {}, "regional_claim", "info"),
    ("youth_bonus", "solo", {}, "representative_birth", "info"),
    ("micro_merchant_quota", "micro", {}, "tax_type", "info"),
    ("crowdsourcing_bonus", "micro", {"supplier_crowdsourcing": True}, "supplier_crowdsourcing", "info"),
    # table rules: reported on the row's cell
    ("milestone_outside_period", "sme", {"schedule[3].task_end": "2020-11-15"}, "schedule[3].task_start", "error"),
    ("milestone_order", "micro", {"schedule[0].task_end": "2020-06-30", "schedule[0].task_start": "2020-07-10"},
     "schedule[0].task_end", "error"),
    ("target_accuracy_low", "sme", {"datasets[1].target_accuracy": 85}, "datasets[1].target_accuracy", "warning"),
    ("kpi_target_not_better", "solo", {"kpis[1].target": 50}, "kpis[1].target", "warning"),
]
# rules that a ratio of 0 (2020: no private share) can never fire; tested with other settings below
NEEDS_OTHER_SETTINGS = {"private_share_too_low", "private_cash_too_low"}


def all_rule_ids(form: FormDefinition) -> set[str]:
    ids = {r.id for r in form.rules}
    for f in form.fields.values():
        ids |= {r.id for r in f.rules}
    return ids


def test_every_rule_has_a_case(form: FormDefinition) -> None:
    covered = {c[0] for c in CASES} | NEEDS_OTHER_SETTINGS
    assert all_rule_ids(form) - covered == set()
    assert covered - all_rule_ids(form) == set()


@pytest.mark.parametrize(("rule", "kind", "changes", "path", "severity"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_a_minimal_change(form: FormDefinition, rule: str, kind: str, changes: dict[str, Any],
                                        path: str, severity: str) -> None:
    before = run(form, sample(kind))
    after = run(form, changed(kind, changes))
    if changes:
        assert rule not in codes(before), "the unchanged sample must not have the issue"
    hits = [i for i in after.issues if i.code == rule]
    assert hits, f"{rule} did not fire; got {sorted(codes(after))}"
    assert hits[0].path == path
    assert hits[0].severity == severity
    assert hits[0].message_ko and hits[0].message_en
    assert "{" not in hits[0].message_ko + hits[0].message_en, "unfilled placeholder"


def test_rule_changes_are_minimal(form: FormDefinition) -> None:
    """Each error case adds its own rule and no other blocking rule (a newly required document aside)."""
    for rule, kind, changes, _, severity in CASES:
        if severity != "error" or rule in ("institution_general_track", "entity_type_mismatch"):
            continue
        before = {(i.path, i.code) for i in run(form, sample(kind)).errors}
        after = {(i.path, i.code) for i in run(form, changed(kind, changes)).errors}
        extra = {code for _, code in after - before if not code.startswith("attachment.")}
        assert extra == {rule}, (rule, extra)


def test_messages_fill_in_numbers(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"gov_share": 71800000, "private_share": 0, "private_cash": None}))
    issue = next(i for i in result.issues if i.code == "gov_share_over_cap")
    assert "71,800,000" in issue.message_ko and "70,000,000" in issue.message_ko
    result = run(form, changed("micro", {"other_task_applied": True}))
    assert "587" in next(i for i in result.issues if i.code == "multiple_tasks").message_en


def test_sme_certificate_valid_on_the_deadline_day(form: FormDefinition) -> None:
    assert "sme_certificate_expired" not in codes(run(form, changed("sme", {"sme_cert_valid_until": "2020-06-15"})))
    assert "sme_certificate_expired" in codes(run(form, changed("sme", {"sme_cert_valid_until": "2020-06-14"})))


def test_signing_on_the_deadline_day_is_fine(form: FormDefinition) -> None:
    assert "signed_after_deadline" not in codes(run(form, changed("solo", {"sign_date": "2020-06-15"})))


def test_negative_equity_is_accepted_as_input_and_rejected_by_the_rule(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"equity": -5000000}))
    assert ("equity", "capital_impairment") in found(result)
    assert ("equity", "min") not in found(result)


def test_micro_employee_limit_depends_on_industry(form: FormDefinition) -> None:
    assert "micro_too_many_employees" in codes(run(form, changed("micro", {"employees": 5})))
    assert "micro_too_many_employees" not in codes(
        run(form, changed("micro", {"employees": 5, "industry_group": "mmct"})))
    assert "micro_too_many_employees" in codes(
        run(form, changed("micro", {"employees": 10, "industry_group": "mmct"})))


def test_project_length_boundary(form: FormDefinition) -> None:
    five = run(form, changed("sme", {"project_end": "2020-11-30"}))
    assert five.computed["project_months"] == 5
    assert "project_too_long" not in codes(five)
    six = run(form, changed("sme", {"project_end": "2020-12-01"}))
    assert six.computed["project_months"] == 6
    assert "project_too_long" in codes(six)


def test_budget_amount_is_computed_and_a_wrong_amount_is_reported(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"budget[0].amount": 47000000}))
    assert ("budget[0].amount", "computed_mismatch") in found(result)
    assert result.computed["budget_total"] == 71800000  # the computed amount counts, not the typed one


def with_settings(form: FormDefinition, **values: Any) -> FormDefinition:
    settings = dict(form.settings)
    for name, value in values.items():
        settings[name] = Setting(value=value, label=settings[name].label)
    return form.model_copy(update={"settings": settings})


def test_private_share_ratio_and_youth_waiver(form: FormDefinition) -> None:
    later = with_settings(form, private_share_ratio=20, youth_private_waiver=10)
    # solo: youth firm, total 45,000,000; 18 % private (20 % less a 10 % waiver) is enough for a youth firm
    shares = {"gov_share": 36900000, "private_share": 8100000, "private_cash": 8100000}
    youth = run(later, changed("solo", shares))
    assert youth.computed["required_private_ratio"] == pytest.approx(18)
    assert youth.computed["private_ratio"] == pytest.approx(18)
    assert "private_share_too_low" not in codes(youth)
    older = run(later, changed("solo", {**shares, "representative_birth": "1970-01-01"}))
    assert older.computed["required_private_ratio"] == pytest.approx(20)
    assert ("private_share", "private_share_too_low") in found(older)
    # 2020 settings: no private share needed at all
    assert run(form, changed("solo", shares)).computed["required_private_ratio"] == 0


def test_private_cash_ratio(form: FormDefinition) -> None:
    later = with_settings(form, private_cash_ratio=10)
    shares = {"gov_share": 36000000, "private_share": 9000000, "private_cash": 4000000}
    assert ("private_cash", "private_cash_too_low") in found(run(later, changed("solo", shares)))
    enough = {**shares, "private_cash": 4500000}
    assert "private_cash_too_low" not in codes(run(later, changed("solo", enough)))


# ------------------------------------------------------------------------------ required and formats

def test_removing_a_required_answer_gives_required(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"company_name": None}))
    assert ("company_name", "required") in found(result)
    assert result.blocking


def test_a_wrong_check_digit_gives_brn_checksum(form: FormDefinition) -> None:
    brn = sample("sme")["answers"]["brn"]
    wrong = brn[:-1] + str((int(brn[-1]) + 1) % 10)
    assert ("brn", "brn.checksum") in found(run(form, changed("sme", {"brn": wrong})))
    crn = sample("sme")["answers"]["crn"]
    wrong_crn = crn[:-1] + str((int(crn[-1]) + 1) % 10)
    assert ("crn", "crn.checksum") in found(run(form, changed("sme", {"crn": wrong_crn})))


def test_corporation_needs_crn(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"crn": None}))
    assert ("crn", "required") in found(result)
    # a corporate number (middle 81) makes the number required even if the form says 'individual'
    result = run(form, changed("micro", {"brn": "124-81-00998"}))
    assert ("crn", "required") in found(result)
    assert result.computed["is_corporation"] is True
    # an individual business needs none
    assert ("crn", "required") not in found(run(form, sample("micro")))


def test_corporation_equity_and_capital_required(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"equity": None, "capital": None}))
    assert {("equity", "required"), ("capital", "required")} <= found(result)
    assert ("equity", "required") not in found(run(form, changed("micro", {"equity": None})))


@pytest.mark.parametrize(("path", "kind"), [
    ("datasets[0].raw_volume", "sme"), ("datasets[0].raw_unit", "sme"), ("datasets[0].labelling", "micro"),
    ("datasets[0].target_accuracy", "solo"), ("datasets[0].qa_method", "founder"),
    ("kpis[0].current", "sme"), ("kpis[1].target", "micro"), ("schedule[2].deliverable", "solo"),
    ("budget[0].unit_price", "founder"),
])
def test_a_vague_plan_is_an_error(form: FormDefinition, path: str, kind: str) -> None:
    result = run(form, changed(kind, {path: None}))
    issue = next(i for i in result.issues if i.path == path)
    assert (issue.code, issue.severity) == ("required", "error")


def test_personal_data_needs_a_deidentification_plan(form: FormDefinition) -> None:
    result = run(form, changed("solo", {"datasets[0].deidentification": None}))
    assert ("datasets[0].deidentification", "required") in found(result)
    # no personal data: the plan is hidden and not required, even when left over
    result = run(form, changed("solo", {"datasets[0].personal_data": False}))
    assert not any(i.path.startswith("datasets[0].deidentification") for i in result.issues)


def test_thin_text_warns_with_the_setting_as_bound(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"need": "불량이 많아서 데이터가 필요합니다."}))
    issue = next(i for i in result.issues if i.path == "need")
    assert (issue.code, issue.severity) == ("thin_text", "warning")
    assert str(form.setting("min_free_text")) in issue.message_ko
    assert not result.blocking
    cell = run(form, changed("sme", {"datasets[0].qa_method": "전수 검수"}))
    assert ("datasets[0].qa_method", "thin_text") in found(cell)


def test_unknown_choice_and_bad_formats(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"region": "tokyo", "contact_phone": "12345", "postcode": "3402",
                                       "contact_email": "nobody"}))
    assert {("region", "choice.unknown"), ("contact_phone", "phone.format"), ("postcode", "postcode.format"),
            ("contact_email", "email.format")} <= found(result)


def test_founding_date_cannot_be_in_the_future(form: FormDefinition) -> None:
    assert ("founded", "max") in found(run(form, changed("sme", {"founded": "2020-05-21"})))
    assert ("founded", "max") not in found(run(form, changed("sme", {"founded": "2020-05-20"})))


# ------------------------------------------------------------------------------ visibility

FOUNDER_HIDDEN = {"entity_type", "crn", "founded", "employees", "revenue_prev", "tax_type", "equity", "capital",
                  "business_status", "sme_cert_valid_until", "industry_group", "emergency_reason", "private_cash"}


def test_hidden_fields_are_never_required(form: FormDefinition) -> None:
    result = run(form, sample("founder"))
    assert result.hidden_fields >= FOUNDER_HIDDEN
    assert not any(i.path in result.hidden_fields for i in result.issues)
    for kind in KINDS:
        result = run(form, sample(kind))
        for f in form.fields.values():
            if f.id in result.hidden_fields:
                assert not any(i.path.split("[")[0].split(".")[0] == f.id for i in result.issues), (kind, f.id)


def test_hidden_answers_are_kept_out_of_rules_and_conditions(form: FormDefinition) -> None:
    # a founder's stray answers to hidden business questions change nothing
    stray = {"employees": 50, "equity": -1, "tax_type": "simplified", "business_status": "closed",
             "entity_type": "corporation", "revenue_prev": 1}
    result = run(form, changed("founder", stray))
    assert [i for i in result.issues if i.severity != "info"] == []
    assert "insurance_roster" not in result.required_attachments
    assert "employees" not in result.values


def test_emergency_track_asks_for_the_reason(form: FormDefinition) -> None:
    assert "emergency_reason" in run(form, sample("sme")).hidden_fields
    result = run(form, changed("sme", {"track": "emergency"}))
    assert ("emergency_reason", "required") in found(result)


def test_sme_certificate_date_is_required_for_sme_and_micro_only(form: FormDefinition) -> None:
    assert ("sme_cert_valid_until", "required") in found(run(form, changed("sme", {"sme_cert_valid_until": None})))
    assert ("sme_cert_valid_until", "required") in found(
        run(form, changed("micro", {"sme_cert_valid_until": None})))
    solo = run(form, sample("solo"))
    assert "sme_cert_valid_until" not in solo.hidden_fields and "sme_cert_valid_until" not in sample("solo")["answers"]
    assert not any(i.path == "sme_cert_valid_until" for i in solo.issues)
    assert "sme_cert_valid_until" in run(form, sample("founder")).hidden_fields


# ------------------------------------------------------------------------------ computed values

def test_computed_budget_and_shares(form: FormDefinition) -> None:
    c = run(form, sample("sme")).computed
    assert c["budget_total"] == 48000000 + 16000000 + 3000000 + 4800000
    assert c["gov_ratio"] == pytest.approx(97.5)
    assert c["private_ratio"] == pytest.approx(2.5)
    assert c["project_months"] == 4
    assert c["is_corporation"] is True
    assert run(form, sample("founder")).computed["is_corporation"] is False


def _birth_for_age(age: int, notice: dt.date) -> str:
    return notice.replace(year=notice.year - age).isoformat()


@pytest.mark.parametrize(("age", "youth"), [(18, False), (19, True), (39, True), (40, False)])
def test_youth_flag_at_the_boundary_ages(form: FormDefinition, age: int, youth: bool) -> None:
    notice = form.setting("notice_date")
    result = run(form, changed("micro", {"representative_birth": _birth_for_age(age, notice)}))
    assert result.computed["representative_age"] == age
    assert result.computed["youth"] is youth
    assert ("youth_bonus" in codes(result)) is youth


def test_youth_age_counts_on_the_notice_date(form: FormDefinition) -> None:
    notice = form.setting("notice_date")
    # turns 40 the day after the notice: still 39 on the notice date
    day_after = notice + dt.timedelta(days=1)
    result = run(form, changed("micro", {"representative_birth": day_after.replace(year=day_after.year - 40)
                                         .isoformat()}))
    assert result.computed["representative_age"] == 39
    assert result.computed["youth"] is True


def test_a_young_co_representative_makes_a_youth_firm(form: FormDefinition) -> None:
    result = run(form, changed("micro", {"co_representative_birth": "1990-01-01"}))
    assert result.computed["representative_age"] == 47
    assert result.computed["youth"] is True


@pytest.mark.parametrize(("region", "regional"), [("seoul", False), ("gyeonggi", False), ("incheon", False),
                                                  ("busan", True), ("jeju", True)])
def test_regional_flag(form: FormDefinition, region: str, regional: bool) -> None:
    result = run(form, changed("micro", {"region": region, "regional_claim": False}))
    assert result.computed["regional"] is regional
    assert ("regional_unclaimed" in codes(result)) is regional


def test_regional_flag_unknown_without_a_region(form: FormDefinition) -> None:
    result = run(form, changed("micro", {"region": None}))
    assert result.computed["regional"] is None
    assert not {"regional_bonus", "regional_unclaimed", "regional_claim_invalid"} & codes(result)


@pytest.mark.parametrize(("revenue", "tax", "micro"), [
    (104000000, "simplified", True), (104000001, "simplified", False), (50000000, "general", False),
])
def test_micro_merchant_flag(form: FormDefinition, revenue: int, tax: str, micro: bool) -> None:
    result = run(form, changed("micro", {"revenue_prev": revenue, "tax_type": tax}))
    assert result.computed["micro_merchant"] is micro


# ------------------------------------------------------------------------------ attachments

def test_founder_attachments(form: FormDefinition) -> None:
    result = run(form, sample("founder"))
    assert "brn_certificate" not in result.required_attachments
    assert "founder_closure_fact" not in result.required_attachments
    closed = run(form, changed("founder", {"founder_closed_before": True}))
    assert ("attachments.founder_closure_fact", "attachment.missing") in found(closed)


def test_missing_corporate_register(form: FormDefinition) -> None:
    data = sample("sme")
    del data["attachments"]["corporate_register"]
    assert ("attachments.corporate_register", "attachment.missing") in found(run(form, data))


def test_insurance_roster_follows_employees(form: FormDefinition) -> None:
    assert "insurance_roster" not in run(form, sample("solo")).required_attachments
    result = run(form, changed("solo", {"employees": 1}))
    assert ("attachments.insurance_roster", "attachment.missing") in found(result)


def test_financial_statements_only_with_a_prior_year(form: FormDefinition) -> None:
    data = changed("sme", {"founded": "2020-02-03"})
    del data["attachments"]["financial_statements"]
    result = run(form, data)
    assert "financial_statements" not in result.required_attachments
    assert "attachment.missing" not in codes(result)


def test_licensed_data_needs_the_licence(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"datasets[1].rights": "licensed"}))
    assert ("attachments.data_rights_proof", "attachment.missing") in found(result)


def test_attachment_type_and_size(form: FormDefinition) -> None:
    data = sample("micro")
    files = attachment_files(data, ANSWERS)
    files["sme_certificate"] = [AttachmentFile("확인서.docx", 1000)]
    files["tax_certificate"] = [AttachmentFile("납세증명서.pdf", 11 * 1024 * 1024)]
    result = validate(form, data["answers"], attachments=files, today=TODAY)
    assert ("attachments.sme_certificate", "attachment.type") in found(result)
    assert ("attachments.tax_certificate", "attachment.size") in found(result)


def test_seal_image_must_exist(form: FormDefinition) -> None:
    result = run(form, changed("sme", {"seal": "attachments/ai-data-voucher-2020/missing.png"}))
    assert ("seal", "file.not_found") in found(result)
    result = run(form, changed("sme", {"seal": "attachments/ai-data-voucher-2020/brn-certificate.pdf"}))
    assert ("seal", "image.type") in found(result)


# ------------------------------------------------------------------------------ definition facts

def test_settings_hold_the_programme_numbers(form: FormDefinition) -> None:
    assert form.setting("cap") == 70000000
    assert form.setting("award_count") == 587
    assert form.setting("micro_merchant_revenue_limit") == 104000000
    assert (form.setting("youth_age_min"), form.setting("youth_age_max")) == (19, 39)
    assert set(form.setting("non_regional_areas")) == {"seoul", "gyeonggi", "incheon"}
    assert form.deadline == dt.datetime(2020, 6, 15, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert form.opens is not None and form.opens.date() <= TODAY <= form.deadline.date()


def test_no_programme_number_is_a_literal_in_an_expression(form: FormDefinition) -> None:
    """Numbers belong in settings: expressions may use only 0, 1 and 100 (ratios, percentages)."""
    sources = [r.when for r in form.rules] + [c.expr for c in form.computed]
    sources += [r.when for f in form.fields.values() for r in f.rules]
    sources += [a.required_if for a in form.attachments if a.required_if]
    for src in sources:
        numbers = {int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", src)}
        assert numbers <= {0, 1, 100}, src


PROFILE = {
    "company_name": "company.name", "brn": "company.brn", "crn": "company.crn",
    "entity_type": "company.entity_type", "representative": "company.representative",
    "representative_birth": "company.representative_birth", "founded": "company.founded",
    "industry": "company.industry", "employees": "company.employees", "revenue_prev": "company.revenue_prev",
    "tax_type": "company.tax_type", "equity": "company.equity", "capital": "company.capital",
    "address": "company.address", "postcode": "company.postcode", "company_phone": "company.phone",
    "company_email": "company.email", "region": "company.region", "contact_name": "contact.name",
    "contact_position": "contact.position", "contact_phone": "contact.phone", "contact_mobile": "contact.mobile",
    "contact_email": "contact.email",
}


def test_profile_bindings(form: FormDefinition) -> None:
    bound = {f.id: f.profile for f in form.fields.values() if f.profile}
    assert {k: bound.get(k) for k in PROFILE} == PROFILE
    assert set(bound.values()) >= set(PROFILE.values())


def test_sensitive_fields(form: FormDefinition) -> None:
    sensitive = {f.id for f in form.fields.values() if f.sensitive}
    assert sensitive == {"representative_birth", "co_representative_birth", "contact_mobile"}


def test_every_text_is_bilingual_and_fields_have_help(form: FormDefinition) -> None:
    for f in form.fields.values():
        for g in (f, *f.columns):
            assert g.help is not None, g.id
            assert isinstance(g.label, Text) and g.label.ko != g.label.en, g.id
    for a in form.attachments:
        assert a.help is not None and a.accept, a.id
