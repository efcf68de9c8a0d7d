import HTTPServer
import SyncProtocol

/// What `syncnode serve` answers on its one listener: the peer API
/// (`/v1/...`, signed) and `/metrics` go to `NodeService`; every other path
/// goes to the read-only web view when it is on. Kept apart from
/// NodeService so the peer routes stay exactly as they were.
package struct NodeFront: HTTPResponder {
    let api: NodeService
    let web: WebService?

    package init(api: NodeService, web: WebService?) {
        self.api = api
        self.web = web
        api.metrics.declare("syncnode_web_requests_total", "counter", "Web view and feed requests served, by status code.")
    }

    package func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let web, WebService.handles(request.path) else { return api.respond(to: request) }
        let response = web.respond(to: request)
        api.metrics.increment("syncnode_web_requests_total", ["status": String(response.status)])
        return response
    }

    /// Refusals before the body is read (413, framing 400, client
    /// certificate 403) are the API's signed JSON errors, whatever the path.
    package func refuse(_ refusal: HTTPRefusal) -> HTTPResponse {
        api.refuse(refusal)
    }
}
