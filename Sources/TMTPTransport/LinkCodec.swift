import NIOCore
import TMTP

/// Installs the TMTP frame codec on a pipeline, after TLS: the same handlers serve real sockets and in-memory
/// channels in tests.
public enum LinkCodec {
    /// The codec of a server link: it reads client ops and writes server messages.
    public static func addServerCodec(to pipeline: ChannelPipeline.SynchronousOperations) throws {
        try pipeline.addHandler(FrameEncoderHandler())
        try pipeline.addHandler(FrameDecoderHandler<ClientMessage>())
    }

    /// The codec of a client link: it reads server messages and writes client ops.
    public static func addClientCodec(to pipeline: ChannelPipeline.SynchronousOperations) throws {
        try pipeline.addHandler(FrameEncoderHandler())
        try pipeline.addHandler(FrameDecoderHandler<ServerMessage>())
    }
}
