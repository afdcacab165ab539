"""Titles of the Children's Homes (England) Regulations 2015, by number.

Requirement tables printed from PDFs often head each requirement with '12: The protection of
children standard'; knowing the titles tells such a heading from an ordinary 'N:' in the text.
Copied from shared/data/regulations.tsv (regulation 42's title is unverified there).
"""

REGULATION_TITLES = {
    1: "Citation, commencement and application",
    2: "Interpretation",
    3: "Excepted establishments",
    4: "Quality standards for children's homes",
    5: "Engaging with the wider system to ensure children's needs are met",
    6: "The quality and purpose of care standard",
    7: "The children's views, wishes and feelings standard",
    8: "The education standard",
    9: "The enjoyment and achievement standard",
    10: "The health and well-being standard",
    11: "The positive relationships standard",
    12: "The protection of children standard",
    13: "The leadership and management standard",
    14: "The care planning standard",
    15: (
        "Duty to have regard to statements of standards published under section 23 of the "
        "Care Standards Act 2000"
    ),
    16: "Statement of purpose",
    17: "Placement plan for looked after child",
    18: "Placement plan for a child who is not looked after",
    19: "Behaviour management and discipline",
    20: "Restraint and deprivation of liberty",
    21: "Privacy and access",
    22: "Contact and access to communications",
    23: "Medicines",
    24: "Use of surveillance",
    25: "Fire precautions",
    26: "Fitness of registered provider",
    27: "Appointment of manager",
    28: "Fitness of manager",
    29: "Registered person: general requirements",
    30: "Notification of offences",
    31: "Staffing of children's homes",
    32: "Fitness of workers",
    33: "Employment of staff",
    34: "Policies for the protection of children",
    35: "Behaviour management policies and records",
    36: "Children's case records",
    37: "Other records",
    38: "Access to and retention of records",
    39: "Complaints and representations",
    40: "Notification of a serious event",
    41: (
        "Notification with respect to children admitted into, or discharged from, a children's home"
    ),
    43: "Appointment of independent person",
    44: "Independent person: visits and reports",
    45: "Review of quality of care",
    46: "Review of premises location",
    47: "Financial position",
    48: "Notice of absence",
    49: "Notice of changes",
    50: "Appointment of liquidators etc.",
    51: "Death of registered person",
    52: "Offences",
    53: "Compliance with regulations",
}
