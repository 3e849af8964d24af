import Foundation

extension Program {
    /// A hash of the manifest and worker files (in file-name order), written in a journal's
    /// header so a resume or replay can say that the project changed since the recording.
    public var journalFingerprint: String {
        var hash = FNV1a()
        let files = [FileSystem.absolute(manifest.path, relativeTo: projectRoot)] + workers.values.map { FileSystem.absolute($0.file, relativeTo: projectRoot) }.sorted()
        for file in files {
            hash.add(Array(file.utf8))
            hash.add(FileManager.default.contents(atPath: file).map(Array.init) ?? [])
        }
        return hash.hex
    }
}
