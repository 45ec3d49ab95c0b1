import Foundation
import Hummingbird
import JarvisCore

/// An error answer: `{"error": "<message>"}` with its status. Messages say what was wrong and
/// what is accepted, never anything internal.
enum ErrorAnswer {
    static func response(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let text = JSONValue.object(["error": .string(message)]).jsonText
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
