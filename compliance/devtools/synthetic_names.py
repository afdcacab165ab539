"""The names and texts of the synthetic data (compliance.devtools.generator): people,
places, providers, homes and requirement texts, all made up. Development only."""

from __future__ import annotations

from providers.models import name_key

FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Ellie",
    "Faisal",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Rhys",
    "Sophie",
    "Tom",
    "Uma",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zara",
    "Aisha",
    "Callum",
    "Deborah",
    "Ewan",
]
LAST_NAMES = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Owen",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Taylor",
    "Usman",
    "Walker",
    "Wright",
    "Young",
    "Begum",
    "Murphy",
]
PLACES = [
    "Oakfield",
    "Willow",
    "Meadow",
    "Brook",
    "Harbour",
    "Beacon",
    "Cedar",
    "Elm",
    "Riverside",
    "Hillside",
    "Ashdown",
    "Kingfisher",
    "Lantern",
    "Orchard",
    "Pathways",
    "Horizon",
    "Compass",
    "Haven",
    "Summit",
    "Bridge",
]
KINDS = ["Care", "Children's Services", "Homes", "Care Group", "Residential Care", "Family Care"]
HOME_KINDS = ["House", "Lodge", "Cottage", "View", "Court", "Place", "Grange", "Villa"]
TEXTS = [
    "The registered person must ensure that the home meets the {title}.",
    "The registered person must make sure that staff understand and apply the {title}.",
    "The registered person must review the home's practice against the {title} and act on "
    "what the review finds.",
]


def bare_title(title: str) -> str:
    """'The quality and purpose of care standard' -> 'quality and purpose of care standard'
    (the texts say 'the' themselves)."""
    title = title.lower()
    return title[4:] if title.startswith("the ") else title


def unique_names(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name_key(name) in taken:
        name, n = f"{base} ({n})", n + 1
    taken.add(name_key(name))
    return name
