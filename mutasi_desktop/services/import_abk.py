"""Import kebutuhan formasi (the ABK result): unit kerja × jabatan × kebutuhan. Matches the
formasi export's headers, so the exported sheet can be edited and read back. Unknown unit or
jabatan names are listed for the clerk to map or create; until then their rows wait (TERTUNDA)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from mutasi_desktop.db.models import Formasi, Jabatan
from mutasi_desktop.domain.column_mapping import FieldSpec
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.import_values import clean_int, clean_text, guess_jenis_jabatan, guess_jenjang
from mutasi_desktop.domain.roles import AksesDitolak
from mutasi_desktop.domain.search_text import fold
from mutasi_desktop.services.import_common import (
    BARU,
    BERUBAH,
    BUAT,
    SAMA,
    create_unit,
    decision_for,
    outside_opd,
    refuse_creation_when_limited,
)
from mutasi_desktop.services.import_records import (
    Context,
    RecordChange,
    RecordImport,
    RecordImportPlan,
    RowProblem,
    diff_values,
)

F = FieldSpec
_LABELS = {"kebutuhan": "Kebutuhan", "catatan": "Catatan"}


class AbkImport(RecordImport):
    jenis = "ABK"
    entitas = "formasi"
    judul = "kebutuhan formasi (ABK)"
    fields = (
        F("opd", "OPD", ("PERANGKAT DAERAH", "SATUAN KERJA", "SKPD")),
        F("unit", "UNIT KERJA", ("NAMA UNIT KERJA", "UNOR NAMA", "UNIT ORGANISASI"), True),
        F("jabatan", "JABATAN", ("NAMA JABATAN", "JABATAN NAMA"), True),
        F("jenis_jabatan", "JENIS JABATAN", ("JENIS JABATAN NAMA",)),
        F("kebutuhan", "KEBUTUHAN", ("KEBUTUHAN PEGAWAI", "JUMLAH KEBUTUHAN", "HASIL ABK", "ABK"), True, "int"),
        F("catatan", "CATATAN", ("KETERANGAN",)),
    )

    def clean(self, raw: Mapping[str, object], ctx: Context, warn: Any) -> dict[str, Any]:
        unit = clean_text(raw.get("unit"), label="Unit kerja", max_len=250)
        jabatan = clean_text(raw.get("jabatan"), label="Jabatan", max_len=250)
        if not unit:
            raise RowProblem("unit", "Unit kerja wajib diisi")
        if not jabatan:
            raise RowProblem("jabatan", "Jabatan wajib diisi")
        try:
            kebutuhan = clean_int(raw.get("kebutuhan"), label="Kebutuhan", minimum=0, maximum=10_000)
        except DomainError as exc:
            raise RowProblem("kebutuhan", exc.message) from None
        if kebutuhan is None:
            raise RowProblem("kebutuhan", "Kebutuhan wajib diisi (angka 0 atau lebih)")
        opd = clean_text(raw.get("opd"), label="OPD", max_len=250)
        unit_id = self.unit_ref(ctx, unit, induk=opd)
        if ctx.actor is not None and unit_id is not None:
            refusal = outside_opd(ctx.actor, ctx.units, unit_id)
            if refusal is not None:
                raise RowProblem("unit", refusal)
        jabatan_id = self.jabatan_ref(ctx, jabatan)
        values: dict[str, Any] = {"unit_id": unit_id, "jabatan_id": jabatan_id, "kebutuhan": kebutuhan,
                                  "_unit": unit, "_jabatan": jabatan, "_opd": opd,
                                  "_jenis": clean_text(raw.get("jenis_jabatan")),
                                  "_key": (unit_id, jabatan_id) if unit_id and jabatan_id else (fold(unit), fold(jabatan))}
        catatan = clean_text(raw.get("catatan"), label="Catatan", max_len=2000)
        if catatan is not None:
            values["catatan"] = catatan
        if unit_id is None or jabatan_id is None:
            values["_tertunda"] = True
            missing = unit if unit_id is None else jabatan
            warn("unit" if unit_id is None else "jabatan",
                 f"'{missing}' belum ada di basis data; petakan ke data yang ada atau buat baru")
        return values

    def load(self, ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
        existing: dict[tuple[int, int], Formasi] = {
            (f.unit_id, f.jabatan_id): f for f in ctx.session.scalars(select(Formasi))
        }
        ctx.extra["formasi"] = existing

    def compare(self, ctx: Context, values: dict[str, Any]) -> tuple[str, list[RecordChange], str]:
        label = f"{values['_jabatan']} — {values['_unit']}"
        old = ctx.extra["formasi"].get((values["unit_id"], values["jabatan_id"]))
        if old is None:
            return BARU, [], label
        changes = diff_values({k: getattr(old, k) for k in _LABELS}, values, _LABELS)
        return (BERUBAH if changes else SAMA), changes, label

    def write(self, ctx: Context, values: dict[str, Any], status: str) -> None:
        data = {k: v for k, v in values.items() if not k.startswith("_")}
        old = ctx.extra["formasi"].get((values["unit_id"], values["jabatan_id"]))
        if old is None:
            row = Formasi(**data)
            ctx.session.add(row)
            ctx.extra["formasi"][(values["unit_id"], values["jabatan_id"])] = row
            return
        for key, value in data.items():
            setattr(old, key, value)

    def decide(self, ctx: Context, plan: RecordImportPlan, unit_decisions: Mapping[str, int | str | None] | None,
               jabatan_decisions: Mapping[str, int | str | None] | None, username: str) -> tuple[int, int]:
        made_units = made_jabatan = 0
        for ref in sorted(plan.unknown_units, key=lambda r: fold(r.nama) != fold(r.induk or "")):
            decision = decision_for(unit_decisions, ref.nama)
            if ctx.actor is not None and decision == BUAT:
                refuse_creation_when_limited(ctx.actor, "unit kerja", ref.nama)
            if ctx.actor is not None and isinstance(decision, int):
                refusal = outside_opd(ctx.actor, ctx.units, decision)
                if refusal is not None:
                    raise AksesDitolak(f"Akses ditolak: {refusal} (pilihan untuk '{ref.nama}').")
            if decision == BUAT:
                ctx.unit_map[fold(ref.nama)] = create_unit(ctx.session, nama=ref.nama, siasn_id=None, induk=ref.induk,
                                                           unit_index=ctx.units, username=username)
                made_units += 1
            elif isinstance(decision, int):
                ctx.unit_map[fold(ref.nama)] = decision
        for ref in plan.unknown_jabatan:
            decision = decision_for(jabatan_decisions, ref.nama)
            if ctx.actor is not None and decision == BUAT:
                refuse_creation_when_limited(ctx.actor, "jabatan", ref.nama)
            if decision == BUAT:
                jenis_text = next((r.values.get("_jenis") for r in plan.rows
                                   if r.values.get("_jabatan") and fold(r.values["_jabatan"]) == fold(ref.nama)), None)
                jenis = guess_jenis_jabatan(jenis_text, ref.nama)
                row = Jabatan(nama=ref.nama[:250], jenis=jenis.value, jenjang=guess_jenjang(jenis, ref.nama),
                              updated_by=username)
                ctx.session.add(row)
                ctx.session.flush()
                ctx.jabatan_map[fold(ref.nama)] = row.id
                made_jabatan += 1
            elif isinstance(decision, int):
                ctx.jabatan_map[fold(ref.nama)] = decision
        return made_units, made_jabatan
