"""People and access, on the application database: users, sign-in sessions, roles per workspace,
invitations and API tokens.

Every function takes an open SQLAlchemy session (one transaction, from ``Database.begin()``) and
leaves committing to it. Secrets (session cookies, invitation links, API tokens) are returned once
and stored only as hashes (:mod:`koers.web.security`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar, cast

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from koers.errors import MessageError
from koers.i18n import Lang, msg
from koers.store.appdb.models import (
    ApiTokenRow,
    InvitationRow,
    MembershipRow,
    SessionRow,
    UserRow,
)
from koers.web.security import (
    API_TOKEN_PREFIX,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    new_secret,
    secret_hash,
    verify_password,
)

T = TypeVar("T")

SESSION_DAYS = 14
INVITATION_DAYS = 14


class Role(StrEnum):
    """What a member may do in a workspace; each role may do all that the ones below it may."""

    VIEWER = "viewer"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class AccountError(MessageError):
    """A sign-up, password or invitation that cannot go on."""


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in person, as the web app passes it around."""

    id: int
    email: str
    name: str | None
    language: Lang | None

    @property
    def display_name(self) -> str:
        return self.name or self.email


# --- what requests read on every page, kept briefly ------------------------------------------------
#
# Every page asks who the session cookie belongs to and which role that user has in the workspace:
# two queries that are most of what a cached page costs. Their answers are kept for
# ACCESS_CACHE_SECONDS, and forgotten at once when this process commits any change to users,
# sessions, memberships or tokens (every such change goes through this module, which marks its
# transaction); the time limit bounds how long a change made by another process goes unseen.

ACCESS_CACHE_SECONDS = 30.0

_generation = 0
_cache: dict[tuple[Any, ...], tuple[int, float, Any]] = {}
_cache_lock = threading.Lock()


def _access_changed(session: Session) -> None:
    session.info["koers_access_changed"] = True


@event.listens_for(Session, "after_commit")
def _forget_access(session: Session) -> None:
    global _generation
    if session.info.pop("koers_access_changed", False):
        with _cache_lock:
            _generation += 1
            _cache.clear()


@event.listens_for(Session, "after_rollback")
def _keep_access(session: Session) -> None:
    session.info.pop("koers_access_changed", None)


def cached(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()`` (a read of who may do what), kept as long as nothing of that changes."""
    now = time.monotonic()
    with _cache_lock:
        generation = _generation
        found = _cache.get(key)
        if found is not None and found[0] == generation and found[1] > now:
            return cast(T, found[2])
    value = compute()
    with _cache_lock:
        if generation == _generation:  # nothing changed meanwhile: the answer still holds
            if len(_cache) > 10_000:
                _cache.clear()
            _cache[key] = (generation, now + ACCESS_CACHE_SECONDS, value)
    return value


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.name, Lang(row.language) if row.language else None)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def checked_email(email: str) -> str:
    """The address as stored (lower case), or :class:`AccountError` when it is none."""
    address = normalise_email(email)
    if "@" not in address or len(address) > 254 or any(char.isspace() for char in address):
        raise AccountError(msg("web.account.bad_email", email=email[:80]))
    return address


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(msg("web.account.password_short", length=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(msg("web.account.password_long", length=MAX_PASSWORD_LENGTH))


# --- users ---------------------------------------------------------------------------------------


def find_user(session: Session, email: str) -> User | None:
    row = session.scalar(select(UserRow).where(UserRow.email == normalise_email(email)))
    return _user(row) if row is not None else None


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return _user(row) if row is not None and row.is_active else None


def create_user(
    session: Session,
    email: str,
    password: str | None = None,
    *,
    name: str | None = None,
    language: Lang | None = None,
) -> User:
    """A new account; without a password it cannot sign in until one is set."""
    address = checked_email(email)
    if session.scalar(select(UserRow.id).where(UserRow.email == address)) is not None:
        raise AccountError(msg("web.account.exists", email=address))
    if password is not None:
        check_password_rules(password)
    row = UserRow(
        email=address,
        name=(name or "").strip() or None,
        password_hash=hash_password(password) if password is not None else None,
        language=language.value if language else None,
        is_active=True,
        created_at=_now(),
    )
    session.add(row)
    session.flush()
    return _user(row)


def set_password(session: Session, user_id: int, password: str) -> None:
    _access_changed(session)
    check_password_rules(password)
    row = session.get(UserRow, user_id)
    if row is None:
        raise KeyError(user_id)
    row.password_hash = hash_password(password)
    # a new password ends every other sign-in
    session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))


def set_name(session: Session, user_id: int, name: str | None) -> None:
    _access_changed(session)
    row = session.get(UserRow, user_id)
    if row is not None:
        row.name = (name or "").strip() or None


def set_language(session: Session, user_id: int, language: Lang) -> None:
    _access_changed(session)
    row = session.get(UserRow, user_id)
    if row is not None:
        row.language = language.value


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, or ``None``."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return None
    row = session.scalar(select(UserRow).where(UserRow.email == normalise_email(email)))
    if not verify_password(row.password_hash if row is not None else None, password):
        return None
    if row is None or row.password_hash is None:
        return None
    if not row.is_active:
        return None
    if needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return _user(row)


# --- sessions --------------------------------------------------------------------------------------


def start_session(session: Session, user_id: int) -> str:
    """A new sign-in; returns the cookie value (stored only as its hash)."""
    token = new_secret()
    now = _now()
    session.add(
        SessionRow(
            token_hash=secret_hash(token),
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(days=SESSION_DAYS),
        )
    )
    return token


def session_user(session: Session, token: str) -> User | None:
    row = session.get(SessionRow, secret_hash(token))
    if row is None or _aware(row.expires_at) <= _now():
        return None
    return get_user(session, row.user_id)


def end_session(session: Session, token: str) -> None:
    _access_changed(session)
    session.execute(delete(SessionRow).where(SessionRow.token_hash == secret_hash(token)))


# --- roles -----------------------------------------------------------------------------------------


def role_of(session: Session, user_id: int, workspace_id: str) -> Role | None:
    role = session.scalar(
        select(MembershipRow.role).where(
            MembershipRow.user_id == user_id, MembershipRow.workspace_id == workspace_id
        )
    )
    return Role(role) if role is not None else None


def memberships(session: Session, user_id: int) -> dict[str, Role]:
    """The workspaces a user belongs to, with the role in each."""
    rows = session.execute(
        select(MembershipRow.workspace_id, MembershipRow.role).where(MembershipRow.user_id == user_id)
    )
    return {workspace_id: Role(role) for workspace_id, role in rows}


def set_role(session: Session, user_id: int, workspace_id: str, role: Role) -> None:
    _access_changed(session)
    row = session.get(MembershipRow, (user_id, workspace_id))
    if row is None:
        session.add(
            MembershipRow(user_id=user_id, workspace_id=workspace_id, role=role.value, created_at=_now())
        )
    else:
        if row.role == Role.OWNER and role is not Role.OWNER:
            _keep_an_owner(session, workspace_id, user_id)
        row.role = role.value


def remove_member(session: Session, user_id: int, workspace_id: str) -> None:
    _access_changed(session)
    row = session.get(MembershipRow, (user_id, workspace_id))
    if row is None:
        return
    if row.role == Role.OWNER:
        _keep_an_owner(session, workspace_id, user_id)
    session.delete(row)


def _keep_an_owner(session: Session, workspace_id: str, leaving: int) -> None:
    owners = session.scalars(
        select(MembershipRow.user_id).where(
            MembershipRow.workspace_id == workspace_id, MembershipRow.role == Role.OWNER.value
        )
    ).all()
    if set(owners) <= {leaving}:
        raise AccountError(msg("web.members.last_owner"))


@dataclass(frozen=True, slots=True)
class Member:
    user: User
    role: Role


def members(session: Session, workspace_id: str) -> list[Member]:
    rows = session.execute(
        select(UserRow, MembershipRow.role)
        .join(MembershipRow, MembershipRow.user_id == UserRow.id)
        .where(MembershipRow.workspace_id == workspace_id)
        .order_by(UserRow.email)
    )
    return [Member(_user(user), Role(role)) for user, role in rows]


# --- invitations -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Invitation:
    workspace_id: str
    email: str
    role: Role
    expires_at: datetime
    key: str
    """Names a pending invitation (to revoke it) without giving its link away: the stored hash."""


def _invitation(row: InvitationRow) -> Invitation:
    return Invitation(row.workspace_id, row.email, Role(row.role), _aware(row.expires_at), row.token_hash)


def invite(session: Session, workspace_id: str, email: str, role: Role, invited_by: int) -> str:
    """An invitation to ``email`` to join in ``role``; returns the link's token (shown once)."""
    address = checked_email(email)
    token = new_secret()
    now = _now()
    session.add(
        InvitationRow(
            token_hash=secret_hash(token),
            workspace_id=workspace_id,
            email=address,
            role=role.value,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
    )
    return token


def invitation(session: Session, token: str) -> Invitation | None:
    """The open invitation behind a link, or ``None`` (unknown, expired or used)."""
    row = session.get(InvitationRow, secret_hash(token))
    if row is None or row.accepted_at is not None or _aware(row.expires_at) <= _now():
        return None
    return _invitation(row)


def pending_invitations(session: Session, workspace_id: str) -> list[Invitation]:
    rows = session.scalars(
        select(InvitationRow)
        .where(InvitationRow.workspace_id == workspace_id, InvitationRow.accepted_at.is_(None))
        .order_by(InvitationRow.created_at)
    )
    now = _now()
    return [_invitation(row) for row in rows if _aware(row.expires_at) > now]


def revoke_invitation(session: Session, workspace_id: str, key: str) -> bool:
    """Withdraw a pending invitation of ``workspace_id`` (by its :attr:`Invitation.key`)."""
    result = session.execute(
        delete(InvitationRow).where(
            InvitationRow.token_hash == key,
            InvitationRow.workspace_id == workspace_id,
            InvitationRow.accepted_at.is_(None),
        )
    )
    return bool(getattr(result, "rowcount", 0))


def accept_invitation(session: Session, token: str, user_id: int) -> str:
    """Join the invitation's workspace in its role (a higher role already held stays); returns the
    workspace id."""
    _access_changed(session)
    found = invitation(session, token)
    row = session.get(InvitationRow, secret_hash(token))
    if found is None or row is None:
        raise AccountError(msg("web.invite.invalid"))
    current = role_of(session, user_id, found.workspace_id)
    if current is None or not current.allows(found.role):
        set_role(session, user_id, found.workspace_id, found.role)
    row.accepted_at = _now()
    return found.workspace_id


# --- API tokens --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


def create_api_token(session: Session, user_id: int, name: str) -> str:
    """A new API token for ``user_id``; the token is returned once, only its hash is kept."""
    token = new_secret(API_TOKEN_PREFIX)
    session.add(
        ApiTokenRow(
            user_id=user_id,
            name=name.strip()[:100] or "API",
            token_hash=secret_hash(token),
            created_at=_now(),
        )
    )
    return token


def api_tokens(session: Session, user_id: int) -> list[ApiToken]:
    rows = session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.id))
    return [ApiToken(row.id, row.name, _aware(row.created_at), row.last_used_at) for row in rows]


def revoke_api_token(session: Session, user_id: int, token_id: int) -> bool:
    _access_changed(session)
    result = session.execute(
        delete(ApiTokenRow).where(ApiTokenRow.id == token_id, ApiTokenRow.user_id == user_id)
    )
    return bool(getattr(result, "rowcount", 0))


def token_user(session: Session, token: str) -> User | None:
    """The user an API token belongs to, or ``None``; notes when it was used."""
    if not token.startswith(API_TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == secret_hash(token)))
    if row is None or (row.expires_at is not None and _aware(row.expires_at) <= _now()):
        return None
    now = _now()
    if row.last_used_at is None or _aware(row.last_used_at) < now - timedelta(minutes=5):
        row.last_used_at = now
    return get_user(session, row.user_id)
