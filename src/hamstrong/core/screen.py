"""The red-flag screen of evidence §10 A-D and its referral: red flags win over training.

Sections run most urgent first. Each answer is a yes/no; a yes refers the user to the right kind of
care, with the advice of the most urgent section that has a yes. A screen with questions left
unanswered plans nothing (``unanswered``): a missing answer is never read as "no".
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hamstrong.core.profile import RECENT_STRAIN_WEEKS as TEAR_WEEKS  # the tear questions' window
from hamstrong.core.training_log import STOP_PAIN
from hamstrong.errors import InvalidInput


class Urgency(StrEnum):
    """Screen sections, most urgent first."""

    HEART = "heart"  # chest pain, fainting, unusual breathlessness: emergency wording
    EMERGENCY = "emergency"  # A: possible cauda equina syndrome
    SAME_DAY = "same_day"  # possible deep-vein thrombosis (NICE NG158): urgent care today
    DOCTOR_FIRST = "doctor_first"  # B: serious causes of back pain to rule out
    NERVE = "nerve"  # C: nerve signs down the leg (the sciatic nerve runs by the hamstrings)
    HAMSTRING_TEAR = "hamstring_tear"  # C: possible complete tear or avulsion, not yet assessed
    CLEARANCE = "clearance"  # D: PAR-Q style pre-participation


SECTION_TITLES: Mapping[Urgency, str] = {
    Urgency.HEART: "Heart and breathing",
    Urgency.EMERGENCY: "Signs that need emergency care",
    Urgency.SAME_DAY: "Signs of a blood clot in the leg",
    Urgency.DOCTOR_FIRST: "Signs to check with a doctor first",
    Urgency.NERVE: "Nerve signs in the leg",
    Urgency.HAMSTRING_TEAR: f"A recent thigh injury (last {TEAR_WEEKS} weeks)",
    Urgency.CLEARANCE: "General health before exercise",
}


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    urgency: Urgency
    text: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "chest_pain",
        Urgency.HEART,
        "Chest pain, pressure or tightness, at rest or when active?",
    ),
    Question(
        "fainting",
        Urgency.HEART,
        "Fainting or blacking out, at rest or during or after exercise, in the last 12 months?",
    ),
    Question(
        "breathlessness",
        Urgency.HEART,
        "Unusual breathlessness: short of breath at rest, or far more than the effort explains?",
    ),
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
        "dvt_signs",
        Urgency.SAME_DAY,
        "A calf or thigh that is swollen, warm, red or tender, especially after a long journey, "
        "surgery, a plaster cast or time in bed?",
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
        "leg_pins_and_needles",
        Urgency.NERVE,
        "Pins and needles, numbness or burning running down the back of the leg (a sign of an "
        "irritated nerve)?",
    ),
    Question(
        "thigh_pop",
        Urgency.HAMSTRING_TEAR,
        f"A 'pop' felt or heard at the back of the thigh or buttock when it was injured, in the "
        f"last {TEAR_WEEKS} weeks?",
    ),
    Question(
        "thigh_bruising",
        Urgency.HAMSTRING_TEAR,
        f"A large bruise spreading down the back of the thigh after an injury in the last "
        f"{TEAR_WEEKS} weeks?",
    ),
    Question(
        "trouble_walking",
        Urgency.HAMSTRING_TEAR,
        f"Trouble walking normally, such as a stiff-legged limp, since a thigh or buttock injury "
        f"in the last {TEAR_WEEKS} weeks?",
    ),
    Question(
        "sit_bone_pain",
        Urgency.HAMSTRING_TEAR,
        f"Pain at the sit-bone when sitting, since an injury in the last {TEAR_WEEKS} weeks?",
    ),
    Question(
        "thigh_gap_or_lump",
        Urgency.HAMSTRING_TEAR,
        f"A gap or lump you can feel in the back of the thigh since an injury in the last "
        f"{TEAR_WEEKS} weeks?",
    ),
    Question(
        "dizziness",
        Urgency.CLEARANCE,
        "Dizziness that makes you lose your balance?",
    ),
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

HEART_ADVICE = (
    "Stop now and do not train. Call your local emergency number if chest pain, pressure or "
    "breathlessness does not pass within a few minutes of rest, keeps coming back, or comes with "
    "sweating, feeling sick or pain spreading to the arm, jaw, neck or back. If it has passed, see "
    "a doctor before any exercise, the same day if it is new; fainting during or after exercise "
    "always needs a doctor's check first."
)
_ADVICE: Mapping[Urgency, str] = {
    Urgency.HEART: HEART_ADVICE,
    Urgency.EMERGENCY: (
        "Seek emergency care now (call your local emergency number or go to an emergency "
        "department): these signs can mean pressure on the nerves at the base of the spine, which "
        "needs urgent assessment. Do not train."
    ),
    Urgency.SAME_DAY: (
        "Get urgent medical care today (a same-day doctor's appointment or an urgent care "
        "service), and do not train: a swollen, warm, red or tender calf or thigh can be a blood "
        "clot in a leg vein (deep-vein thrombosis), which needs checking the same day. Call your "
        "local emergency number if you also have chest pain, sudden breathlessness or cough up "
        "blood."
    ),
    Urgency.DOCTOR_FIRST: (
        "See a doctor before you train: these signs need checking to rule out a serious cause. "
        "Come back once a doctor has cleared you for exercise."
    ),
    Urgency.NERVE: (
        "These are nerve signs: the sciatic nerve runs down the back of the thigh, close to the "
        "hamstrings, and an irritated or pressed nerve needs a check before hamstring training. "
        "See a doctor or physiotherapist first; get help the same day if numbness or weakness is "
        "spreading or getting worse, and emergency care if both legs or the groin are affected."
    ),
    Urgency.HAMSTRING_TEAR: (
        "These can be signs of a complete tear, or of a tendon pulled off the bone: see an "
        "orthopaedic or sports-medicine clinician within days, before any hamstring training. "
        "Some of these injuries need surgery, which works best in the first weeks. Once a "
        "clinician has assessed the injury and cleared you for graded exercise, record that with "
        "the strain and you get the pain-free strain programme."
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


def refer(answers: Mapping[str, bool], *, assessed_strain: bool = False) -> Referral | None:
    """The referral for the most urgent yes answer, or None when every answer is no.

    ``assessed_strain``: a clinician has assessed a recent hamstring strain and cleared it for
    graded exercise, so signs of that injury lead to the strain track instead of a referral.
    """
    flagged = [
        q
        for q in QUESTIONS
        if answers.get(q.key, False)
        and not (assessed_strain and q.urgency is Urgency.HAMSTRING_TEAR)
    ]
    if not flagged:
        return None
    urgency = min((q.urgency for q in flagged), key=list(Urgency).index)
    return Referral(urgency, _ADVICE[urgency], tuple(q.text for q in flagged))


def migrate(answers: Mapping[str, bool]) -> dict[str, bool]:
    """Read answers given to an earlier wording of the screen.

    The old dizziness question asked about "losing your balance or consciousness", so a "no" to it
    also says no fainting. Nothing else is inferred: a new question stays unanswered until asked.
    """
    out = dict(answers)
    if "fainting" not in out and out.get("dizziness") is False:
        out["fainting"] = False
    return out


def unanswered(answers: Mapping[str, bool]) -> tuple[Question, ...]:
    """The questions with no answer yet, in screen order."""
    return tuple(q for q in QUESTIONS if q.key not in answers)


class ScreenIncomplete(InvalidInput):
    """A plan needs every screen question answered: a missing answer never counts as "no"."""

    def __init__(self, questions: tuple[Question, ...]) -> None:
        self.questions = questions
        if len(questions) == len(QUESTIONS):
            problems = {
                "screen": f"the safety screen is not answered; answer all {len(QUESTIONS)} "
                "questions yes or no before a plan is made"
            }
        else:
            problems = {
                f"screen.{q.key}": f"not answered yet ({q.text}); answer yes or no"
                for q in questions
            }
        super().__init__(problems)


def require_answers(answers: Mapping[str, bool]) -> None:
    """Raise ScreenIncomplete naming every unanswered question."""
    missing = unanswered(answers)
    if missing:
        raise ScreenIncomplete(missing)


STOP_RULES: tuple[str, ...] = (
    f"pain above {STOP_PAIN} out of 10",
    "sharp or stabbing pain",
    "pain spreading below the knee",
    "new numbness or tingling",
    "chest pain, dizziness or feeling faint, or unusual breathlessness",
)
DISCLAIMER = (
    "HamStrong gives general exercise guidance. It does not diagnose, and it does not replace a "
    "clinician."
)
