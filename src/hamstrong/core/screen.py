"""The red-flag screen of evidence §10 A-D and its referral: red flags win over training."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Urgency(StrEnum):
    """Screen sections, most urgent first."""

    EMERGENCY = "emergency"  # A: possible cauda equina syndrome
    DOCTOR_FIRST = "doctor_first"  # B: serious causes of back pain to rule out
    HAMSTRING_TEAR = "hamstring_tear"  # C: possible proximal tear or avulsion
    CLEARANCE = "clearance"  # D: PAR-Q style pre-participation


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    urgency: Urgency
    text: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "saddle_numbness",
        Urgency.EMERGENCY,
        "Numbness or altered feeling around the groin, buttocks, inner thighs or genitals?",
    ),
    Question(
        "bladder_change",
        Urgency.EMERGENCY,
        "New trouble passing urine, or loss of bladder control or feeling?",
    ),
    Question("bowel_change", Urgency.EMERGENCY, "New loss of bowel control or feeling?"),
    Question(
        "both_legs_weak",
        Urgency.EMERGENCY,
        "New or worsening weakness, or sciatica-type pain, in both legs?",
    ),
    Question(
        "sexual_dysfunction_with_back_pain",
        Urgency.EMERGENCY,
        "New sexual dysfunction together with back pain?",
    ),
    Question(
        "back_pain_after_trauma",
        Urgency.DOCTOR_FIRST,
        "Back pain after a fall, accident or other injury (or after a minor one if you have "
        "osteoporosis or take steroids long term)?",
    ),
    Question("cancer_history", Urgency.DOCTOR_FIRST, "A history of cancer?"),
    Question("unexplained_weight_loss", Urgency.DOCTOR_FIRST, "Weight loss you cannot explain?"),
    Question(
        "fever_or_unwell",
        Urgency.DOCTOR_FIRST,
        "Fever, chills or feeling generally unwell, a recent infection, injected drug use or "
        "a weakened immune system?",
    ),
    Question(
        "night_or_rest_pain",
        Urgency.DOCTOR_FIRST,
        "Pain at night or at rest that no position eases, pain worse lying down, or mid-back pain?",
    ),
    Question(
        "new_back_pain_young_or_old",
        Urgency.DOCTOR_FIRST,
        "Back pain that started recently and you are under 20 or over 55?",
    ),
    Question(
        "progressive_leg_symptoms",
        Urgency.DOCTOR_FIRST,
        "Numbness, tingling or weakness in a leg or foot that is getting worse (for example "
        "a dropping foot)?",
    ),
    Question(
        "vascular_signs",
        Urgency.DOCTOR_FIRST,
        "A pulsing lump in the belly, or back pain with known blood-vessel disease?",
    ),
    Question(
        "inflammatory_or_deformity",
        Urgency.DOCTOR_FIRST,
        "Known inflammatory arthritis or a structural curve or deformity of the spine?",
    ),
    Question(
        "thigh_pop",
        Urgency.HAMSTRING_TEAR,
        "A sudden sharp pain or 'pop' at the back of the thigh or buttock while sprinting or "
        "stretching?",
    ),
    Question(
        "trouble_walking",
        Urgency.HAMSTRING_TEAR,
        "Trouble walking normally since a thigh injury, such as a stiff-legged limp?",
    ),
    Question(
        "thigh_bruising",
        Urgency.HAMSTRING_TEAR,
        "Bruising that appeared on the back of the thigh in the days after an injury?",
    ),
    Question("sit_bone_pain", Urgency.HAMSTRING_TEAR, "Pain when sitting on the sit-bone?"),
    Question(
        "thigh_gap_or_lump",
        Urgency.HAMSTRING_TEAR,
        "A gap or lump you can feel in the back of the thigh?",
    ),
    Question(
        "leg_pins_and_needles",
        Urgency.HAMSTRING_TEAR,
        "Pins and needles running down the back of the leg?",
    ),
    Question("chest_pain", Urgency.CLEARANCE, "Chest pain at rest or when active?"),
    Question("dizziness", Urgency.CLEARANCE, "Dizziness, or losing your balance or consciousness?"),
    Question(
        "heart_condition", Urgency.CLEARANCE, "A diagnosed heart condition or high blood pressure?"
    ),
    Question(
        "joint_problem", Urgency.CLEARANCE, "A bone or joint problem that exercise makes worse?"
    ),
    Question("pregnancy", Urgency.CLEARANCE, "Are you pregnant?"),
    Question(
        "supervised_only",
        Urgency.CLEARANCE,
        "Has a doctor told you to exercise only under medical supervision?",
    ),
)
SCREEN_KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS)

_ADVICE: Mapping[Urgency, str] = {
    Urgency.EMERGENCY: (
        "Seek emergency care now (call your local emergency number or go to an emergency "
        "department): these signs can mean pressure on the nerves at the base of the spine, which "
        "needs urgent assessment. Do not train."
    ),
    Urgency.DOCTOR_FIRST: (
        "See a doctor before you train: these signs need checking to rule out a serious cause. "
        "Come back once a doctor has cleared you for exercise."
    ),
    Urgency.HAMSTRING_TEAR: (
        "See a physiotherapist or doctor soon, before any hamstring training: these signs can "
        "mean a significant tear, which may need a scan or a specialist's opinion."
    ),
    Urgency.CLEARANCE: (
        "Ask your doctor to clear you for exercise before you start: these answers mean a "
        "professional should check what is safe for you."
    ),
}


@dataclass(frozen=True, slots=True)
class Referral:
    """What to do instead of training, and which answers led there."""

    urgency: Urgency
    advice: str
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"urgency": self.urgency.value, "advice": self.advice, "reasons": list(self.reasons)}


def refer(answers: Mapping[str, bool]) -> Referral | None:
    """The referral for the most urgent yes answer, or None when every answer is no."""
    flagged = [q for q in QUESTIONS if answers.get(q.key, False)]
    if not flagged:
        return None
    urgency = min((q.urgency for q in flagged), key=list(Urgency).index)
    return Referral(urgency, _ADVICE[urgency], tuple(q.text for q in flagged))


STOP_RULES: tuple[str, ...] = (
    "pain above 5 out of 10",
    "sharp or stabbing pain",
    "pain spreading below the knee",
    "new numbness or tingling",
    "chest pain, dizziness or unusual breathlessness",
)
DISCLAIMER = (
    "HamStrong gives general exercise guidance. It does not diagnose, and it does not replace a "
    "clinician."
)
