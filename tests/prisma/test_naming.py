"""Names as Prisma Migrate generates them (psl `ConstraintNames`, the m:n table code),
each rule with a case at the 63-byte limit: the suffix is kept, the name before it cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.prisma.to_catalog import (
    foreign_key_name,
    index_name,
    primary_key_name,
    unique_index_name,
)

from .helpers import load_prisma_catalog

FIXTURES = Path(__file__).parent / "fixtures"
LONG_TABLE = "OrganizationMembershipInvitationReminderScheduleEntryHistoryLog"  # 63 bytes
PREFS = "WorkspaceNotificationPreference"
COLS = ["notificationChannelIdentifier", "deliveryScheduleIdentifier"]
M2N = "_ChannelsWatchedByWatchersOfTheWorkspaceNotificationsForeverAnd"  # 63 bytes


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (primary_key_name("User"), "User_pkey"),
        (
            primary_key_name(LONG_TABLE),
            "OrganizationMembershipInvitationReminderScheduleEntryHisto_pkey",
        ),
        (unique_index_name("User", ["email"]), "User_email_key"),
        (
            unique_index_name(PREFS, COLS),
            "WorkspaceNotificationPreference_notificationChannelIdentifi_key",
        ),
        (index_name("User", ["a", "b"]), "User_a_b_idx"),
        (
            index_name(PREFS, COLS),
            "WorkspaceNotificationPreference_notificationChannelIdentifi_idx",
        ),
        (foreign_key_name("Post", ["authorId"]), "Post_authorId_fkey"),
        (
            foreign_key_name(PREFS, COLS[:1]),
            "WorkspaceNotificationPreference_notificationChannelIdentif_fkey",
        ),
        # exactly 63 bytes once the suffix is added: nothing is cut
        (
            foreign_key_name(PREFS, COLS[1:]),
            "WorkspaceNotificationPreference_deliveryScheduleIdentifier_fkey",
        ),
        # multi-byte names are cut on a character boundary (bytes, not characters, count)
        (primary_key_name("Ü" * 40), "Ü" * 29 + "_pkey"),
    ],
)
def test_generated_names(name, expected):
    assert name == expected
    assert len(name.encode()) <= 63


def test_constructs_catalog_uses_prismas_names_for_every_rule():
    catalog = load_prisma_catalog(FIXTURES / "constructs.prisma")
    long = catalog.tables[f"public.{LONG_TABLE}"]
    assert long.primary_key.name == primary_key_name(LONG_TABLE)
    prefs = catalog.tables[f"public.{PREFS}"]
    assert {i.name for i in prefs.indexes} == {
        "WorkspaceNotificationPreference_pkey",
        "WorkspaceNotificationPreference_notificationChannelIdentifi_key",
        "WorkspaceNotificationPreference_notificationChannelIdentifi_idx",
    }
    assert {fk.name for fk in prefs.foreign_keys} == {
        "WorkspaceNotificationPreference_notificationChannelIdentif_fkey",
        "WorkspaceNotificationPreference_deliveryScheduleIdentifier_fkey",
    }
    # the implicit m:n table: a 63-byte name; pkey/index keep 55 characters, fkeys 56
    join = catalog.tables[f"public.{M2N}"]
    assert (
        join.primary_key.name == "_ChannelsWatchedByWatchersOfTheWorkspaceNotificationsFo_AB_pkey"
    )
    assert {i.name for i in join.indexes} == {
        "_ChannelsWatchedByWatchersOfTheWorkspaceNotificationsFo_AB_pkey",
        "_ChannelsWatchedByWatchersOfTheWorkspaceNotificationsFo_B_index",
    }
    assert {fk.name for fk in join.foreign_keys} == {
        "_ChannelsWatchedByWatchersOfTheWorkspaceNotificationsFor_A_fkey",
        "_ChannelsWatchedByWatchersOfTheWorkspaceNotificationsFor_B_fkey",
    }
    assert [c.name for c in join.columns] == ["A", "B"]
    short = catalog.tables["public._ProjectToTag"]
    assert short.primary_key.name == "_ProjectToTag_AB_pkey"
    assert {fk.name for fk in short.foreign_keys} == {
        "_ProjectToTag_A_fkey",
        "_ProjectToTag_B_fkey",
    }
