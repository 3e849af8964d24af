#!/usr/bin/env python3
"""Writes the two tiny sample pitch decks in input/ (made-up companies, plain PDF 1.4 text pages).

Standard library only: each page is a Helvetica text stream; the cross-reference table is
computed from the byte offsets, so any PDF reader (and Claude, GPT) can read the result.
"""
import pathlib

DECKS = {
    "aurora-solar-rooftops.pdf": [
        ["Aurora Rooftops", "Solar leasing for small apartment buildings", "Seed round: EUR 1.2M"],
        ["Problem", "Owners of 4-20 unit buildings cannot finance solar:", "banks want 10-year credit histories per roof."],
        ["Solution", "We lease panels per building and bill tenants monthly.", "Installed: 38 buildings, 2.1 MW, 0 defaults."],
        ["Team", "CEO: 8 years at a utility. CTO: built billing at a fintech.", "Ask: EUR 1.2M for 120 more buildings in 18 months."],
    ],
    "tidepool-robotics.pdf": [
        ["Tidepool Robotics", "Autonomous hull cleaning for harbour ships", "Pre-seed: USD 600k"],
        ["Problem", "Fouled hulls burn 10-15% more fuel.", "Divers clean them twice a year at best."],
        ["Solution", "A magnetic crawler cleans in port, overnight.", "Prototype tested on 2 ferries; no paying customer yet."],
        ["Market", "'Every ship in the world' (no numbers given).", "Team: two PhD students, no maritime sales experience."],
    ],
}


def pdf(pages):
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        text = "BT /F1 16 Tf 50 720 Td 22 TL " + " ".join(
            "(%s) '" % line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines) + " ET"
        objects.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
        content = len(objects)
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append("%d 0 R" % len(objects))
    objects[1] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body.encode("latin-1"))
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


if __name__ == "__main__":
    folder = pathlib.Path(__file__).resolve().parent / "input"
    folder.mkdir(exist_ok=True)
    for name, pages in DECKS.items():
        (folder / name).write_bytes(pdf(pages))
        print("wrote", folder / name)
