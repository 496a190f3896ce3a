//! The request layer: what every route shares before its handler runs.
//!
//! [`Routes`] is the one way routes are added: it builds the axum router and keeps the list of
//! paths with who may call them, so a test can walk every route of the application (anonymous
//! callers refused on private routes, writes refused without a CSRF token) and a new route
//! cannot be forgotten by that test.

pub mod api;

use axum::routing::MethodRouter;
use axum::Router;

use crate::AppState;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Signed-in users only (each handler then applies the access rules of `mitra_core::access`).
    Private,
    /// Anyone: the login and registration forms and their posts, the language switch, static
    /// files, the health check and the API's description.
    Public,
}

/// One route of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    /// The path as axum matches it (`/selections/{id}`).
    pub path: String,
    /// Who may call it.
    pub access: Access,
}

/// A router and the list of its routes.
pub struct Routes {
    router: Router<AppState>,
    list: Vec<RouteInfo>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes { router: Router::new(), list: Vec::new() }
    }
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Routes {
        Routes::default()
    }

    /// A route for signed-in users.
    pub fn route(self, path: &str, methods: MethodRouter<AppState>) -> Routes {
        self.add(path, methods, Access::Private)
    }

    /// A route anyone may call.
    pub fn public(self, path: &str, methods: MethodRouter<AppState>) -> Routes {
        self.add(path, methods, Access::Public)
    }

    fn add(mut self, path: &str, methods: MethodRouter<AppState>, access: Access) -> Routes {
        self.router = self.router.route(path, methods);
        self.list.push(RouteInfo { path: path.to_owned(), access });
        self
    }

    /// Both tables in one.
    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.list.extend(other.list);
        self
    }

    /// `other`'s routes under `prefix`.
    pub fn nest(mut self, prefix: &str, other: Routes) -> Routes {
        self.router = self.router.nest(prefix, other.router);
        self.list.extend(
            other.list.into_iter().map(|r| RouteInfo { path: format!("{prefix}{}", r.path), ..r }),
        );
        self
    }

    /// What answers a path no route matches.
    pub fn fallback<H, T>(mut self, handler: H) -> Routes
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.fallback(handler);
        self
    }

    /// The routes, in the order they were added.
    pub fn list(&self) -> &[RouteInfo] {
        &self.list
    }

    /// The axum router.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

#[cfg(test)]
mod tests {
    /// Routes are added only through [`super::Routes`], so the route table is complete: no
    /// other source file makes an axum `Router` of its own.
    #[test]
    fn no_router_is_built_beside_the_table() {
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(src)];
        let mut read = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("source folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("http/mod.rs")
                {
                    let text = std::fs::read_to_string(&path).expect("source");
                    assert!(!text.contains("Router::new()"), "{} builds a Router", path.display());
                    read += 1;
                }
            }
        }
        assert!(read > 30, "only {read} files read");
    }
}
