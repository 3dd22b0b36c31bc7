//! The local Cozy on a real listener: a test runs a konnector under `node` against the
//! same Cozy a kvm run reaches in-process, and compares what each saved.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::LocalCozy;

/// Serves `cozy` over HTTP/1.1 on `listener` until the task is dropped; each connection
/// runs on its own task.
pub async fn serve(listener: TcpListener, cozy: Arc<LocalCozy>) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let cozy = cozy.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let cozy = cozy.clone();
                async move { Ok::<_, Infallible>(answer(&cozy, request).await) }
            });
            // A client hanging up mid-request ends its connection, nothing else.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(cozy: &LocalCozy, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let response = match body.collect().await {
        Ok(body) => {
            cozy.handle(Request::from_parts(parts, body.to_bytes()))
                .await
        }
        Err(err) => {
            super::Failure::bad_request(format!("cannot read the request body: {err}")).jsonapi()
        }
    };
    response.map(Full::new)
}
