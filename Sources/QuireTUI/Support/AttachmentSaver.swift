import Foundation
import QuireCore

/// Copies a received attachment out of the store's folder under a name that is safe to
/// create: the sender's name goes through `AttachmentFileName.sanitise`, and an existing file
/// is never overwritten (`name (1).pdf`).
enum AttachmentSaver {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Saves `attachment` into `directory`, or to `path` as given by the user; returns where.
    static func save(_ attachment: AttachmentInfo, path: String?, directory: String?) throws -> String {
        guard let stored = attachment.storedPath else {
            throw Failure(description: "\(attachment.name) is not downloaded yet (the sync fetches it)")
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let destination: String
        if let path, !(manager.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            guard !manager.fileExists(atPath: path) else { throw Failure(description: "\(path) already exists") }
            destination = path
        } else {
            let folder = path ?? directory ?? manager.currentDirectoryPath
            let safe = AttachmentFileName.sanitise(attachment.name)
            destination = freeName(in: folder, for: safe.isEmpty ? "attachment" : safe)
        }
        do {
            try manager.copyItem(atPath: stored, toPath: destination)
        } catch {
            throw Failure(description: "cannot save to \(destination): \(error.localizedDescription)")
        }
        return destination
    }

    private static func freeName(in folder: String, for name: String) -> String {
        let manager = FileManager.default
        let base = (folder as NSString).appendingPathComponent(name)
        guard manager.fileExists(atPath: base) else { return base }
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        for number in 1..<10_000 {
            let candidate = stem + " (\(number))" + (ext.isEmpty ? "" : "." + ext)
            let path = (folder as NSString).appendingPathComponent(candidate)
            if !manager.fileExists(atPath: path) { return path }
        }
        return (folder as NSString).appendingPathComponent(stem + " (\(UInt32.random(in: 10_000...UInt32.max)))")
    }
}
