"""The question set: respondent fields and questions, loaded from a YAML file shipped as data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError, model_validator

from synthesis.bounded import load_yaml
from synthesis.errors import InputError

FieldType = Literal["text", "free_text", "single_choice", "multi_choice", "datetime", "la_code"]


class Field(BaseModel):
    """One column of a response: a respondent field or a question."""

    id: str
    type: FieldType
    text: str
    options: list[str] = []
    required: bool = False

    @model_validator(mode="after")
    def _choices_have_options(self) -> "Field":
        if self.type.endswith("_choice") and not self.options:
            raise ValueError(f"{self.id}: a {self.type} field needs options")
        return self


class QuestionSet(BaseModel):
    """All fields of one consultation, in the order they appear in the canonical layout."""

    name: str
    version: str
    title: str
    respondent_fields: list[Field]
    questions: list[Field]

    @model_validator(mode="after")
    def _ids_unique(self) -> "QuestionSet":
        ids = [f.id for f in self.fields]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"duplicate field ids: {', '.join(duplicated)}")
        if "respondent_id" not in ids:
            raise ValueError("the respondent fields must include respondent_id")
        return self

    @property
    def fields(self) -> list[Field]:
        return [*self.respondent_fields, *self.questions]

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def free_text_ids(self) -> list[str]:
        return [q.id for q in self.questions if q.type == "free_text"]

    def columns(self) -> list[str]:
        return [f.id for f in self.fields]


DEFAULT_QUESTIONS = "questions.yaml"


def read_yaml(path: Path) -> object:
    """Parse a YAML file (bounded: see :func:`synthesis.bounded.load_yaml`); errors are a one-line :class:`InputError`."""
    return load_yaml(path)


@lru_cache(maxsize=8)
def _load(path: str) -> QuestionSet:
    data = read_yaml(Path(path))
    try:
        return QuestionSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(path, f"invalid question set at {where}: {first['msg']}") from None


def load_question_set(path: str | Path | None = None) -> QuestionSet:
    """Load a question set; the default is the one shipped with the package."""
    if path is None:
        path = resources.files("synthesis") / "data" / DEFAULT_QUESTIONS
    return _load(str(path))
