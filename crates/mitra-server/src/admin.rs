//! Application functions of administrators, shared by the pages (`web::admin`) and the API
//! (`api_admin`): create a buying organisation or an institution with its first account (one
//! transaction, `Store::register`), add an account to any organisation, list accounts. Every
//! function refuses non-administrators with `Forbidden` (`Actor::can_administer`).

use mitra_core::access::Actor;
use mitra_core::admin::{AccountDraft, AccountListing, OrganisationAccountDraft};
use mitra_core::organisation::Organisation;
use mitra_core::store::Page;
use mitra_core::user::{NewAccount, Role, User};
use mitra_core::{FieldErrors, Store};

use crate::auth;
use crate::error::AppError;
use crate::{clock, AppState};

/// Rows per page of the accounts list.
pub const ACCOUNTS_PER_PAGE: u32 = 50;

fn require_admin(actor: &Actor) -> Result<(), AppError> {
    if actor.can_administer() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Creates an organisation and its first account together; nothing is stored when either
/// fails (an email or NIB already taken comes back as a field error).
pub async fn create_organisation(
    state: &AppState,
    actor: &Actor,
    draft: &OrganisationAccountDraft,
) -> Result<(Organisation, User), AppError> {
    require_admin(actor)?;
    let parsed = draft.parse()?;
    let role = Role::for_organisation_kind(parsed.organisation.kind);
    let account = NewAccount {
        email: parsed.account.email.clone(),
        display_name: parsed.account.display_name.clone(),
        role,
        organisation_id: None,
        password_hash: auth::hash_password(
            parsed.account.password.expose(),
            state.config.hash_cost,
        )
        .await?,
    };
    let (org_id, user_id) = state.db.register(&parsed.organisation, &account, clock::now()).await?;
    let user = User {
        id: user_id,
        email: account.email.as_str().to_owned(),
        display_name: account.display_name,
        role,
        organisation_id: Some(org_id),
    };
    Ok((state.db.organisation(org_id).await?, user))
}

/// Adds an account to an existing organisation; its role follows the organisation's kind.
pub async fn add_account(
    state: &AppState,
    actor: &Actor,
    draft: &AccountDraft,
) -> Result<User, AppError> {
    require_admin(actor)?;
    let (org_id, c) = draft.parse()?;
    let Some((kind, _)) = state.db.organisation_kind(org_id).await? else {
        return Err(FieldErrors::single("organisation_id", "organisation.unknown").into());
    };
    let role = Role::for_organisation_kind(kind);
    let account = NewAccount {
        email: c.email.clone(),
        display_name: c.display_name.clone(),
        role,
        organisation_id: Some(org_id),
        password_hash: auth::hash_password(c.password.expose(), state.config.hash_cost).await?,
    };
    let id = state.db.create_account(&account, clock::now()).await?;
    Ok(User {
        id,
        email: c.email.as_str().to_owned(),
        display_name: c.display_name,
        role,
        organisation_id: Some(org_id),
    })
}

/// One page of every account, by name.
pub async fn accounts(
    state: &AppState,
    actor: &Actor,
    page: u32,
) -> Result<Page<AccountListing>, AppError> {
    require_admin(actor)?;
    Ok(state.db.accounts(page, ACCOUNTS_PER_PAGE).await?)
}
