from rest_framework.permissions import SAFE_METHODS, BasePermission

from attribution.roles import SUBMIT_NEEDS_ROLE, Role, has_role, may_submit


class _RoleToWrite(BasePermission):
    """Anyone reads; writing needs the role."""

    role: Role
    reads_are_public = True  # for the schema (attribution.api.schema)

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or has_role(request.user, self.role)


class EditorWrites(_RoleToWrite):
    role = Role.EDITOR
    message = "Reviewing claims needs the editor role."


class FactCheckerWrites(_RoleToWrite):
    role = Role.FACT_CHECKER
    message = "Flagging and linking claims needs the fact-checker role."


class ContributorWrites(_RoleToWrite):
    """Submitting articles: contributors and editors."""

    role = Role.CONTRIBUTOR
    message = SUBMIT_NEEDS_ROLE

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or may_submit(request.user)
