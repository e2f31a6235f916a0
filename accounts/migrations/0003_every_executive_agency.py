"""The executive-branch agencies and offices beyond the 22 of the 2024 survey (48 in all), so
that people of every agency (DMV, DESPP, DDS...) can be onboarded. Agencies already present
are left as they are (a curator may have renamed one or marked it inactive); codes are
never changed. The list is written here, not read from the project's CSV, so this
migration does the same on every database whatever the file becomes."""

from django.db import migrations

AGENCIES = [
    ("DOAG", "Department of Agriculture"),
    ("DOB", "Department of Banking"),
    ("CID", "Connecticut Insurance Department"),
    ("DDS", "Department of Developmental Services"),
    ("DESPP", "Department of Emergency Services and Public Protection"),
    ("DMV", "Department of Motor Vehicles"),
    ("DVA", "Department of Veterans Affairs"),
    ("MIL", "Military Department"),
    ("OCME", "Office of the Chief Medical Examiner"),
    ("BOPP", "Board of Pardons and Paroles"),
    ("CHRO", "Commission on Human Rights and Opportunities"),
    ("PSRB", "Psychiatric Security Review Board"),
    ("WCC", "Workers' Compensation Commission"),
    ("TRB", "Teachers' Retirement Board"),
    ("OTT", "Office of the Treasurer"),
    ("OSC", "Office of the State Comptroller"),
    ("SOTS", "Office of the Secretary of the State"),
    ("OAG", "Office of the Attorney General"),
    ("DCJ", "Division of Criminal Justice"),
    ("OCA", "Office of the Child Advocate"),
    ("OHA", "Office of the Healthcare Advocate"),
    ("OVA", "Office of the Victim Advocate"),
    ("FOI", "Freedom of Information Commission"),
    ("SEEC", "State Elections Enforcement Commission"),
    ("OSE", "Office of State Ethics"),
    ("CSCU", "Connecticut State Colleges and Universities"),
]


def add_agencies(apps, schema_editor):
    Agency = apps.get_model("accounts", "Agency")
    for code, name in AGENCIES:
        Agency.objects.get_or_create(code=code, defaults={"name": name, "active": True})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_tables_renamed")]
    operations = [migrations.RunPython(add_agencies, migrations.RunPython.noop)]
