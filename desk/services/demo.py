"""Demo data: realistic applicants and dossiers for a counter that is shown or tested.

Names come from many origins, with accents, compound surnames and several given
names. The data is deterministic (a seeded generator) so screenshots stay stable.
"""

from __future__ import annotations

import io
import random
import secrets
from datetime import date, timedelta

from sqlalchemy import func, select

from desk.app import Counter
from desk.domain.entities import Role
from desk.services import agents, applicants, dossiers
from desk.services.applicants import ApplicantInput
from desk.services.common import SYSTEM
from desk.store.models import DossierRow

PEOPLE = [  # (surname, given names, nationality, sex)
    ("Nguyễn", "Thị Hồng", "VNM", "F"),
    ("Benali", "Mohamed Amine", "DZA", "M"),
    ("El Idrissi", "Fatima Zahra", "MAR", "F"),
    ("Traoré", "Aminata", "MLI", "F"),
    ("Diallo", "Mamadou Saliou", "GIN", "M"),
    ("Ben Salah", "Youssef", "TUN", "M"),
    ("Kowalska", "Agnieszka Maria", "POL", "F"),
    ("Ivanova", "Ekaterina Sergeyevna", "RUS", "F"),
    ("Shevchenko", "Oleksandr", "UKR", "M"),
    ("Da Silva Santos", "João Pedro", "BRA", "M"),
    ("García López", "María José", "COL", "F"),
    ("Wang", "Xiaoming", "CHN", "M"),
    ("Kim", "Min-jun", "KOR", "M"),
    ("Yılmaz", "Ayşe", "TUR", "F"),
    ("Özdemir", "Mehmet Can", "TUR", "M"),
    ("N'Guessan", "Affoué Marie-Laure", "CIV", "F"),
    ("Mbappé-Nkoulou", "Jean-Baptiste", "CMR", "M"),
    ("Rakotomalala", "Hery Tiana", "MDG", "M"),
    ("Haddad", "Rania", "LBN", "F"),
    ("Al-Hassan", "Omar", "SYR", "M"),
    ("Hosseini", "Zahra", "AFG", "F"),
    ("Sharma", "Priya", "IND", "F"),
    ("Rahman", "Mohammed Abdur", "BGD", "M"),
    ("Okafor", "Chinedu Emmanuel", "NGA", "M"),
    ("Mensah", "Akosua", "GHA", "F"),
    ("Tesfaye", "Selam", "ETH", "F"),
    ("Popescu", "Andreea Ioana", "ROU", "F"),
    ("Papadopoulos", "Geórgios", "GRC", "M"),
    ("Müller", "Jürgen", "DEU", "M"),
    ("O'Brien", "Siobhán", "IRL", "F"),
    ("Dubois-Fontaine", "Claire-Hélène", "CHE", "F"),
    ("Ramírez", "José Ángel", "MEX", "M"),
    ("Pham", "Văn Đức", "VNM", "M"),
    ("Sow", "Aïssatou", "SEN", "F"),
    ("Kanté", "Boubacar", "MLI", "M"),
    ("Ferreira", "Ana Luísa", "PRT", "F"),
    ("Abdi", "Hodan", "SOM", "F"),
    ("Jovanović", "Miloš", "SRB", "M"),
    ("Khalil", "Nour El Houda", "EGY", "F"),
    ("Tanaka", "Haruto", "JPN", "M"),
    ("Mukendi", "Grâce", "COD", "F"),
    ("Aydın", "Emre", "TUR", "M"),
    ("Bakayoko", "Fanta", "CIV", "F"),
    ("Zhang", "Li Na", "CHN", "F"),
    ("Hakobyan", "Narek", "ARM", "M"),
    ("Gonçalves", "Tiago", "BRA", "M"),
    ("Lefèvre", "Zoé", "BEL", "F"),
    ("Şahin", "Elif", "TUR", "F"),
]

POSTAL_CODES = ["75011", "75018", "75019", "75020", "93200", "92110", "94200", "75013"]


def _page_jpeg(rng: random.Random, title: str) -> bytes:
    """A small, plausible scanned page (grey paper, a few dark lines)."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (620, 877), 244)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), title, fill=20)
    y = 110
    while y < 800:
        draw.line((40, y, 40 + rng.randint(200, 540), y), fill=rng.randint(30, 90), width=3)
        y += rng.randint(18, 34)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def ensure_demo_agents(counter: Counter) -> dict[str, str]:
    """Create the demo agents once; returns their logins and fresh random passwords
    (only on creation: nothing is hard-coded)."""
    if agents.has_agents(counter):
        return {}
    creds = {}
    for login, name, role in (
        ("admin", "Administrateur du site", Role.ADMINISTRATOR),
        ("c.martin", "Camille Martin", Role.SUPERVISOR),
        ("l.bernard", "Léa Bernard", Role.AGENT),
    ):
        password = secrets.token_urlsafe(9)
        agents.create_agent(counter, login, name, role, password)
        creds[login] = password
    path = counter.home.root / "demo-credentials.txt"
    path.write_text("".join(f"{k}\t{v}\n" for k, v in creds.items()), encoding="utf-8")
    path.chmod(0o600)
    return creds


def seed(counter: Counter, dossier_count: int = 200, seed_value: int = 1) -> int:
    """Seed demo dossiers until the counter holds ``dossier_count``; idempotent."""
    with counter.sessions() as session:
        existing = session.scalar(select(func.count(DossierRow.id))) or 0
    rng = random.Random(seed_value + existing)
    procedures = list(counter.catalogue.procedures.values())
    today = date.today()
    page_cache: dict[str, bytes] = {}
    created = 0
    for i in range(existing, dossier_count):
        surname, given, nat, sex = PEOPLE[i % len(PEOPLE)]
        if i >= len(PEOPLE):  # vary: another person with the same family name
            given = rng.choice([p[1] for p in PEOPLE if p[2] == nat] or [given])
        birth = today - timedelta(days=rng.randint(18 * 365, 70 * 365))
        numero = f"{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.6 else None
        a = applicants.create_applicant(
            counter,
            SYSTEM,
            ApplicantInput(
                surname=surname,
                given_names=given,
                birth_date=birth,
                nationality=nat,
                numero_etranger=numero,
                postal_code=rng.choice(POSTAL_CODES),
                sex=sex,
                email=f"demandeur{i}@example.org" if rng.random() < 0.7 else None,
                permit_expiry=today + timedelta(days=rng.randint(-30, 400)),
            ),
        )
        proc = procedures[i % len(procedures)]
        d = dossiers.open_dossier(counter, SYSTEM, a.id, proc.code)
        for piece in proc.pieces[: rng.randint(0, len(proc.pieces))]:
            data = page_cache.setdefault(piece.code, _page_jpeg(rng, piece.label[:60]))
            sha = counter.blobs.put(data)
            dossiers.attach_pages(
                counter,
                SYSTEM,
                d.number,
                piece.code,
                [dossiers.StoredPage(sha, "image/jpeg", len(data), 620, 877)],
            )
        created += 1
    return created
